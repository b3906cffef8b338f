//! Why a measurement could not be made: the failing step in, an error that
//! names the file and keeps the cause (I/O, JSON, reading a plan) out.

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
    /// A plan or scan that could not be read.
    #[error("{}", .path.display())]
    Plan {
        path: PathBuf,
        #[source]
        source: IngestError,
    },
    #[error(transparent)]
    Ingest(#[from] IngestError),
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
        move |source| EvalError::Plan { path, source }
    }
}
