//! Writing outputs so that none is ever half-written.
//!
//! Every file is first written whole to a hidden temporary file in the output
//! folder and synced; only when all are written are they renamed into place.
//! An interrupted run leaves the previous run's outputs as they were.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Output files being written into a folder: each goes to a hidden temporary
/// file, written whole and synced; [`Staging::commit`] renames them all into
/// place. Dropped without a commit (an error, a panic), it removes them and
/// the folder's previous outputs stay as they were.
pub struct Staging {
    dir: PathBuf,
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Staging {
    pub fn new(dir: &Path) -> io::Result<Staging> {
        std::fs::create_dir_all(dir)?;
        Ok(Staging {
            dir: dir.to_owned(),
            staged: Vec::new(),
        })
    }

    /// Rename every staged file into place.
    pub fn commit(mut self) -> io::Result<()> {
        let staged = std::mem::take(&mut self.staged);
        for (i, (tmp, dest)) in staged.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, dest) {
                for (tmp, _) in &staged[i..] {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
        Ok(())
    }
}

impl super::Sink for Staging {
    fn file(
        &mut self,
        name: &str,
        render: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let tmp = self
            .dir
            .join(format!(".{name}.plancov-{}.tmp", std::process::id()));
        let f = std::fs::File::create(&tmp)?;
        self.staged.push((tmp, self.dir.join(name)));
        let mut w = BufWriter::with_capacity(256 * 1024, f);
        render(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Write `files` (name, bytes) into `dir`, each replacing any old file atomically.
pub fn write_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    use super::Sink;
    let mut staging = Staging::new(dir)?;
    for (name, bytes) in files {
        staging.file(name, &mut |w| w.write_all(bytes))?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("plancov-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_atomically(&dir, &[("a.csv".into(), b"old".to_vec())]).expect("write");
        write_atomically(&dir, &[("a.csv".into(), b"new".to_vec())]).expect("write");
        assert_eq!(std::fs::read(dir.join("a.csv")).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.csv"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
