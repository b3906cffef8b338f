//! Why a measurement could not be made: the failing step in, an error that
//! names the file and keeps the cause (I/O, JSON) as its source, or, for a plan
//! that could not be read, in its message.

use crate::ingest::IngestError;
use std::io;
use std::path::PathBuf;

/// A measurement's result.
pub type Result<T, E = EvalError> = std::result::Result<T, E>;

/// Why a measurement could not be made. Each message names the file; the
/// cause follows it (`cannot read X: No such file or directory`).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read gold folder {}", .path.display())]
    GoldFolder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A JSON file that is not what it should be (`a gold file`).
    #[error("{} is not {what}", .path.display())]
    NotJson {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{}: `{column}` is no column of the taxonomy's families (activities.csv's names: focus, perspectives, …_in_narrative)", .path.display())]
    GoldColumn { path: PathBuf, column: String },
    #[error("{}: not in the batch", .0.display())]
    NotInBatch(PathBuf),
    /// A plan or scan that could not be read. The reason is part of the
    /// message, not its source: an [`IngestError`] says all in its own
    /// words, and the `io::Error` behind [`IngestError::Io`] (its source)
    /// would otherwise be printed a second time after the Swedish reason.
    #[error("{}: {error}", .path.display())]
    Plan { path: PathBuf, error: IngestError },
    /// Like [`EvalError::Plan`], the reason is the whole message.
    #[error("{0}")]
    Ingest(IngestError),
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl EvalError {
    /// For `map_err`: reading `path` failed.
    pub fn read(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> EvalError {
        let path = path.into();
        move |source| EvalError::Read { path, source }
    }

    /// For `map_err`: the JSON of `path` is not `what`.
    pub fn not_json(
        path: impl Into<PathBuf>,
        what: &'static str,
    ) -> impl FnOnce(serde_json::Error) -> EvalError {
        let path = path.into();
        move |source| EvalError::NotJson { path, what, source }
    }

    /// For `map_err`: the plan or scan `path` could not be read.
    pub fn plan(path: impl Into<PathBuf>) -> impl FnOnce(IngestError) -> EvalError {
        let path = path.into();
        move |error| EvalError::Plan { path, error }
    }
}

impl From<IngestError> for EvalError {
    fn from(e: IngestError) -> Self {
        EvalError::Ingest(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_plan_is_said_once() {
        use std::error::Error;
        let io = crate::ingest::ingest_file(
            std::path::Path::new("no/such/plan.pdf"),
            &Default::default(),
        )
        .expect_err("no such file");
        let e = EvalError::plan("plan.pdf")(io);
        assert_eq!(e.to_string(), "plan.pdf: kan inte läsa filen: finns inte");
        // `plancov: {e:#}` prints the chain: none, so the io::Error (the
        // IngestError's source) is not said again after "finns inte".
        assert!(e.source().is_none());
    }
}
