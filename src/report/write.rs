//! Writing outputs so that none is ever half-written.
//!
//! Every file is first written whole to a hidden temporary file in the output
//! folder and synced; only when all are written are they renamed into place.
//! An interrupted run leaves the previous run's outputs as they were.

use std::io::Write;
use std::path::Path;

/// Write `files` (name, bytes) into `dir`, each replacing any old file atomically.
pub fn write_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let pid = std::process::id();
    let mut staged = Vec::with_capacity(files.len());
    let result = (|| {
        for (name, bytes) in files {
            let tmp = dir.join(format!(".{name}.plancov-{pid}.tmp"));
            let mut f = std::fs::File::create(&tmp)?;
            staged.push((tmp.clone(), dir.join(name)));
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        for (tmp, dest) in &staged {
            std::fs::rename(tmp, dest)?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
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
