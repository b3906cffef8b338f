//! The spool: where the bulky, per-plan parts of the outputs wait until the
//! batch is done.
//!
//! Each plan, as it finishes, has its text-bearing pieces rendered (its rows of
//! `activities.csv` and `ocr_corrections.csv`, its section of `report.html`, its
//! entries of `report.json`) and appended here; only their places ([`Chunk`])
//! are kept in memory. The outputs are then assembled from the small aggregate
//! and these pieces, so a batch of thousands of plans never holds their texts.
//!
//! A run writing to a folder spools to a hidden temporary file in that folder,
//! unlinked as soon as it is open (or, where it cannot be, when the spool is
//! dropped); [`Spool::in_memory`] keeps the pieces in
//! memory (for a single plan, or a library caller without an output folder).

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where one piece is in the spool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chunk {
    at: u64,
    len: u64,
}

impl Chunk {
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

enum Store {
    Memory(Vec<u8>),
    File {
        writer: BufWriter<File>,
        reader: File,
        len: u64,
        /// Written since the last read: the writer must be flushed before reading.
        dirty: bool,
    },
}

pub struct Spool {
    store: Mutex<Store>,
    /// The first write error, reported when the outputs are assembled.
    error: Mutex<Option<String>>,
    path: Option<PathBuf>,
}

/// The pieces of one plan, gathered in memory and appended to the spool at once.
#[derive(Default)]
pub struct Pieces {
    bytes: Vec<u8>,
}

impl Pieces {
    /// Add a piece; its place is relative to these pieces until [`Spool::put`].
    pub fn add(&mut self, piece: &[u8]) -> Chunk {
        let at = self.bytes.len() as u64;
        self.bytes.extend_from_slice(piece);
        Chunk {
            at,
            len: piece.len() as u64,
        }
    }
}

impl Spool {
    pub fn in_memory() -> Spool {
        Spool {
            store: Mutex::new(Store::Memory(Vec::new())),
            error: Mutex::new(None),
            path: None,
        }
    }

    /// A spool in a hidden temporary file in `dir` (created if missing).
    pub fn in_dir(dir: &Path) -> io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!(".plancov-{}.spool", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        let reader = file.try_clone()?;
        // Unlinked at once where the system allows (the open file lives on),
        // so a run that is killed leaves nothing behind; else removed on drop.
        let path = match std::fs::remove_file(&path) {
            Ok(()) => None,
            Err(_) => Some(path),
        };
        Ok(Spool {
            store: Mutex::new(Store::File {
                writer: BufWriter::with_capacity(256 * 1024, file),
                reader,
                len: 0,
                dirty: false,
            }),
            error: Mutex::new(None),
            path,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Append a plan's pieces; returns the offset that makes their chunks absolute.
    pub fn put(&self, pieces: Pieces) -> u64 {
        let mut store = self.lock();
        match &mut *store {
            Store::Memory(v) => {
                let at = v.len() as u64;
                v.extend_from_slice(&pieces.bytes);
                at
            }
            Store::File {
                writer, len, dirty, ..
            } => {
                let at = *len;
                match writer.write_all(&pieces.bytes) {
                    Ok(()) => *len += pieces.bytes.len() as u64,
                    Err(e) => self.fail(e),
                }
                *dirty = true;
                at
            }
        }
    }

    fn fail(&self, e: io::Error) {
        let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
        error.get_or_insert_with(|| e.to_string());
    }

    /// The first error met while spooling, if any: the outputs would be incomplete.
    pub fn check(&self) -> io::Result<()> {
        match &*self.error.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => Err(io::Error::other(format!("temporary file: {e}"))),
            None => Ok(()),
        }
    }

    /// The bytes of `chunk`, placed by [`rebase`].
    pub fn get(&self, chunk: Chunk) -> io::Result<Vec<u8>> {
        let mut out = vec![0; chunk.len as usize];
        if chunk.len == 0 {
            return Ok(out);
        }
        let mut store = self.lock();
        match &mut *store {
            Store::Memory(v) => {
                let s = chunk.at as usize;
                let piece = v
                    .get(s..s + chunk.len as usize)
                    .ok_or_else(|| io::Error::other("spool: chunk out of range"))?;
                out.copy_from_slice(piece);
            }
            Store::File {
                writer,
                reader,
                dirty,
                ..
            } => {
                if *dirty {
                    writer.flush()?;
                    *dirty = false;
                }
                reader.seek(SeekFrom::Start(chunk.at))?;
                reader.read_exact(&mut out)?;
            }
        }
        Ok(out)
    }

    /// Copy `chunk` to `w`.
    pub fn copy_to(&self, chunk: Chunk, w: &mut dyn Write) -> io::Result<()> {
        if chunk.len > 0 {
            w.write_all(&self.get(chunk)?)?;
        }
        Ok(())
    }
}

/// Make a chunk of [`Pieces`] absolute, given the offset [`Spool::put`] returned.
pub fn rebase(chunk: Chunk, at: u64) -> Chunk {
    Chunk {
        at: chunk.at + at,
        len: chunk.len,
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(spool: &Spool) {
        let mut a = Pieces::default();
        let x = a.add(b"first");
        let y = a.add(b"");
        let at = spool.put(a);
        let mut b = Pieces::default();
        let z = b.add("andra – å".as_bytes());
        let bt = spool.put(b);
        assert_eq!(spool.get(rebase(z, bt)).expect("z"), "andra – å".as_bytes());
        assert_eq!(spool.get(rebase(x, at)).expect("x"), b"first");
        assert!(rebase(y, at).is_empty());
        let mut out = Vec::new();
        spool.copy_to(rebase(x, at), &mut out).expect("copy");
        assert_eq!(out, b"first");
        spool.check().expect("no error");
    }

    #[test]
    fn pieces_come_back_from_memory_and_from_a_file_that_leaves_no_trace() {
        round_trip(&Spool::in_memory());
        let dir = std::env::temp_dir().join(format!("plancov-spool-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let spool = Spool::in_dir(&dir).expect("spool");
        round_trip(&spool);
        drop(spool);
        assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
