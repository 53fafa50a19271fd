//! Batch inputs: the paths a user gives (files, directories searched recursively, list files)
//! → the documents to read, in a fixed order, each with the name its output takes.
//!
//! * A file is one document; its output is named after its stem (`a/plan.pdf` → `plan`).
//! * A directory is searched recursively for files whose extension is one of
//!   [`INPUT_EXTENSIONS`] (any case), in name order; each output mirrors the file's path
//!   inside the directory (`plans/` holding `hn/plan.pdf` → `hn/plan`), so two files of the
//!   same name in different sub-directories never write the same output. Hidden entries
//!   (`.name`) are skipped and symbolic links to directories are not followed (no loops).
//! * A list file holds one path a line (a file or a directory, taken as above); blank lines
//!   and lines starting with `#` are skipped.
//!
//! The order is the order of the arguments, then of the list, then of the directory walk: it
//! never depends on the file system's order, so a batch's outputs and messages do not either.

use std::path::{Path, PathBuf};

/// The extensions (lower case, without the dot) a directory search takes as documents. A new
/// input format is one more entry here.
pub const INPUT_EXTENSIONS: &[&str] = &["pdf", "docx", "docm"];

/// One document of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path to read, as given (or as joined from a directory).
    pub path: PathBuf,
    /// The output's name without extension, relative to the output directory: the file stem,
    /// or the path inside the directory that was searched.
    pub name: PathBuf,
}

/// The documents of the arguments, and whether they make a batch (more than one document, or
/// any directory or list: a batch writes one output per document).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    pub docs: Vec<Input>,
    pub batch: bool,
    /// Directories given that held no document (worth a warning).
    pub empty_dirs: Vec<PathBuf>,
}

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read the list of inputs: {source}")]
    List {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot search the directory: {source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
}

/// Whether `path` has one of the [`INPUT_EXTENSIONS`].
pub fn is_input_file(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.as_str()))
}

/// Lists the documents of `paths` (files or directories) and of the list files `lists`.
pub fn discover(paths: &[PathBuf], lists: &[PathBuf]) -> Result<Inputs, InputError> {
    let mut out = Inputs {
        batch: paths.len() > 1 || !lists.is_empty(),
        ..Inputs::default()
    };
    for p in paths {
        add(p, &mut out)?;
    }
    for list in lists {
        let text = std::fs::read_to_string(list).map_err(|source| InputError::List {
            path: list.display().to_string(),
            source,
        })?;
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            add(Path::new(line), &mut out)?;
        }
    }
    out.batch |= out.docs.len() > 1;
    Ok(out)
}

fn add(path: &Path, out: &mut Inputs) -> Result<(), InputError> {
    if path.is_dir() {
        out.batch = true;
        let before = out.docs.len();
        walk(path, Path::new(""), out)?;
        if out.docs.len() == before {
            out.empty_dirs.push(path.to_path_buf());
        }
    } else {
        // A file, or a path that cannot be read: its extraction reports why (exit 3).
        let stem = path.file_stem().map(PathBuf::from).unwrap_or_default();
        out.docs.push(Input {
            path: path.to_path_buf(),
            name: stem,
        });
    }
    Ok(())
}

/// Adds the documents under `dir` (whose path inside the searched directory is `rel`).
fn walk(dir: &Path, rel: &Path, out: &mut Inputs) -> Result<(), InputError> {
    let err = |source| InputError::Dir {
        path: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let ft = entry.file_type().map_err(err)?;
        entries.push((entry.file_name(), ft));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, ft) in entries {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        let inner = rel.join(&name);
        if ft.is_dir() {
            walk(&path, &inner, out)?;
        } else if (ft.is_file() || (ft.is_symlink() && path.is_file())) && is_input_file(&path) {
            out.docs.push(Input {
                name: inner.with_extension(""),
                path,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn directories_are_searched_in_name_order_and_mirrored() {
        let dir = std::env::temp_dir().join(format!("phuluc-inputs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for sub in ["b", "a/deep", ".hidden"] {
            fs::create_dir_all(dir.join(sub)).expect("dir");
        }
        for f in [
            "b/x.pdf",
            "a/x.PDF",
            "a/deep/y.pdf",
            "a/notes.txt",
            ".hidden/z.pdf",
            "top.pdf",
        ] {
            fs::write(dir.join(f), "x").expect("file");
        }
        fs::create_dir_all(dir.join("empty")).expect("empty");
        let list = dir.join("list.txt");
        fs::write(
            &list,
            format!("# inputs\n\n{}\n", dir.join("top.pdf").display()),
        )
        .expect("list");
        let found = discover(&[dir.clone(), dir.join("empty")], &[list]).expect("discover");
        let names: Vec<String> = found
            .docs
            .iter()
            .map(|d| d.name.display().to_string())
            .collect();
        assert_eq!(names, ["a/deep/y", "a/x", "b/x", "top", "top"]);
        assert!(found.batch);
        assert_eq!(found.empty_dirs, [dir.join("empty")]);
        let one = discover(&[dir.join("top.pdf")], &[]).expect("one");
        assert!(!one.batch);
        assert_eq!(one.docs[0].name, PathBuf::from("top"));
        assert!(discover(&[], &[dir.join("missing.txt")]).is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
