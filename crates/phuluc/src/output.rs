//! Output files that are either complete or absent, and that never destroy anything else.
//!
//! * A regular file is written to a temporary file beside the target and renamed into place
//!   only when complete ([`AtomicFile`]), so a failed run never leaves a half-written file nor
//!   clobbers an existing one. The replaced file's permissions are kept.
//! * A symbolic link is followed: the file it points to is replaced, the link stays
//!   ([`resolve`]).
//! * Anything that is not a regular file (a device such as `/dev/null`, a FIFO, a socket) is
//!   never replaced: it is written through ([`Target::Stream`]), like a shell redirection.
//! * A directory of tables (CSV) is written to a fresh directory beside the target and swapped
//!   in by one rename ([`write_dir`]).
//! * Temporary files and directories are named `.NAME.phuluc-PID-N.tmp`; those left by a run
//!   that was killed (its process is gone) are removed by the next run writing beside them
//!   ([`clean_stale`]).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where an output goes, once symbolic links are followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file, existing or not: replaced atomically.
    File(PathBuf),
    /// An existing directory.
    Dir(PathBuf),
    /// A device, FIFO or socket: written through, never replaced.
    Stream(PathBuf),
}

impl Target {
    pub fn path(&self) -> &Path {
        match self {
            Target::File(p) | Target::Dir(p) | Target::Stream(p) => p,
        }
    }
}

/// Follows symbolic links from `path` (at most 40, like the kernel) and says what is there.
/// A dangling link resolves to the path it names (a new file is created there).
pub fn resolve(path: &Path) -> io::Result<Target> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::File(p)),
            Err(e) => return Err(e),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let link = fs::read_link(&p)?;
            p = if link.is_absolute() {
                link
            } else {
                parent_dir(&p).join(link)
            };
            continue;
        }
        return Ok(if ft.is_file() {
            Target::File(p)
        } else if ft.is_dir() {
            Target::Dir(p)
        } else {
            Target::Stream(p)
        });
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The directory holding `path` (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into())
}

/// A fresh temporary name beside `target`: `.NAME.phuluc-PID-N.tmp`.
fn temp_name(target: &Path, n: u32) -> PathBuf {
    parent_dir(target).join(format!(
        ".{}.phuluc-{}-{n}.tmp",
        file_name(target),
        std::process::id()
    ))
}

/// The process id in a name made by [`temp_name`] (or an `.old` directory of [`write_dir`]).
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".old"))?;
    let (_, tail) = rest.rsplit_once(".phuluc-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` is alive. Where that cannot be known (no `/proc`), every process is
/// taken as alive, so nothing is removed.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_dir = Path::new("/proc");
    !proc_dir.join("self").exists() || proc_dir.join(pid.to_string()).exists()
}

/// Removes temporary files and directories that a killed run left in `dir` (named by
/// [`temp_name`], their process gone), and puts back a directory a cut-short swap set aside.
/// Returns how many were cleaned.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_pid(&name) else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let path = entry.path();
        // A directory set aside by a swap that was cut short goes back where it was.
        if let Some(original) = name
            .strip_suffix(".old")
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.rsplit_once(".phuluc-"))
            .map(|(orig, _)| dir.join(orig))
        {
            if fs::symlink_metadata(&original).is_err() && fs::rename(&path, &original).is_ok() {
                removed += 1;
                continue;
            }
        }
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// [`clean_stale`] once per directory and process (a batch writes many files into one).
fn clean_stale_once(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let first = match CLEANED.lock() {
        Ok(mut set) => set
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf()),
        Err(_) => true,
    };
    if first {
        clean_stale(dir);
    }
}

/// A file being written; [`AtomicFile::commit`] renames it into place, dropping it removes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing the regular file `target` (through a temporary file in the same
    /// directory). `target` must not be a symbolic link or special file: see [`resolve`].
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        clean_stale_once(&parent_dir(target));
        let mut n = 0u32;
        loop {
            let temp = temp_name(target, n);
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(f) => {
                    // Keep the permissions of the file being replaced.
                    if let Ok(meta) = fs::metadata(target) {
                        let _ = f.set_permissions(meta.permissions());
                    }
                    return Ok(AtomicFile {
                        target: target.to_path_buf(),
                        temp,
                        writer: Some(BufWriter::new(f)),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
            w.get_ref().sync_all()?;
        }
        fs::rename(&self.temp, &self.target)?;
        sync_dir(&parent_dir(&self.target));
        Ok(())
    }
}

/// Makes a rename in `dir` durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.writer.as_mut() {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self.writer.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() || self.temp.exists() {
            self.writer = None;
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Opens a device, FIFO or socket for writing through (never created, never truncated).
pub fn open_stream(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::new(
        fs::OpenOptions::new().write(true).open(path)?,
    ))
}

/// Why a directory of tables could not be written.
#[derive(Debug)]
pub enum DirError<E> {
    /// The file system refused (creating, renaming, removing).
    Io(io::Error),
    /// The existing directory holds files that are not the tables: it is not replaced.
    Foreign(String),
    /// The writer failed.
    Write(E),
}

impl<E: std::fmt::Display> std::fmt::Display for DirError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DirError::Io(e) => write!(f, "{e}"),
            DirError::Foreign(name) => write!(
                f,
                "the directory holds other files than the tables ({name}); it is replaced \
                 as a whole, so give a new or empty directory"
            ),
            DirError::Write(e) => write!(f, "{e}"),
        }
    }
}

/// Writes the files `names` of a directory `target` as one unit: into a fresh directory beside
/// it, then swapped in by one rename (an atomic exchange where the directory exists, after
/// which the old one is removed). An existing `target` may hold only `names` (and temporary
/// files): it is replaced as a whole, and anything else in it makes this refuse
/// ([`DirError::Foreign`]). `write(dir)` writes the files into `dir`.
pub fn write_dir<E>(
    target: &Path,
    names: &[&str],
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), DirError<E>> {
    let (target, exists) = match resolve(target).map_err(DirError::Io)? {
        Target::Dir(d) => (fs::canonicalize(d).map_err(DirError::Io)?, true),
        Target::File(p) if fs::symlink_metadata(&p).is_err() => (p, false),
        Target::File(p) | Target::Stream(p) => {
            return Err(DirError::Io(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a directory", p.display()),
            )))
        }
    };
    if exists {
        for entry in fs::read_dir(&target).map_err(DirError::Io)? {
            let name = entry
                .map_err(DirError::Io)?
                .file_name()
                .to_string_lossy()
                .into_owned();
            let ours =
                names.contains(&name.as_str()) || (name.starts_with('.') && name.ends_with(".tmp"));
            if !ours {
                return Err(DirError::Foreign(name));
            }
        }
    }
    let parent = parent_dir(&target);
    fs::create_dir_all(&parent).map_err(DirError::Io)?;
    clean_stale(&parent);
    let mut n = 0u32;
    let temp = loop {
        let temp = temp_name(&target, n);
        match fs::create_dir(&temp) {
            Ok(()) => break temp,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(DirError::Io(e)),
        }
    };
    let written = write(&temp).map_err(DirError::Write).and_then(|()| {
        for name in names {
            File::open(temp.join(name))
                .and_then(|f| f.sync_all())
                .map_err(DirError::Io)?;
        }
        sync_dir(&temp);
        Ok(())
    });
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&temp);
        return Err(e);
    }
    let swapped = if exists {
        swap_dirs(&temp, &target, n)
    } else {
        fs::rename(&temp, &target)
    };
    match swapped {
        Ok(()) => {
            sync_dir(&parent);
            // After an exchange, `temp` holds the old tables.
            let _ = fs::remove_dir_all(&temp);
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&temp);
            Err(DirError::Io(e))
        }
    }
}

/// Exchanges the directories `a` and `b` in one step (Linux `renameat2(RENAME_EXCHANGE)`).
/// Where that is not available, `b` is first renamed aside to `.NAME.phuluc-PID-N.old`, then
/// `a` renamed into place; a run killed between the two leaves the `.old` directory, which the
/// next run puts back ([`clean_stale`]).
fn swap_dirs(a: &Path, b: &Path, n: u32) -> io::Result<()> {
    match exchange(a, b) {
        Ok(()) => Ok(()),
        Err(_) => {
            let old = parent_dir(b).join(format!(
                ".{}.phuluc-{}-{n}.old",
                file_name(b),
                std::process::id()
            ));
            fs::rename(b, &old)?;
            if let Err(e) = fs::rename(a, b) {
                let _ = fs::rename(&old, b);
                return Err(e);
            }
            // `a` is gone; move the old tables there to be removed by the caller.
            fs::rename(&old, a)
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: two valid NUL-terminated paths; the syscall reads them and touches no memory of
    // ours otherwise.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("phuluc-out-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn committed_or_absent() {
        let dir = scratch("atomic");
        let target = dir.join("out.json");
        let _ = fs::write(&target, "old");
        {
            let mut f = AtomicFile::create(&target).expect("temp file");
            f.write_all(b"half").expect("write");
            // dropped without commit: the old file stays, no temp file is left
        }
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("old"));
        assert_eq!(names(&dir), ["out.json"]);
        let mut f = AtomicFile::create(&target).expect("temp file");
        f.write_all(b"new").expect("write");
        f.commit().expect("commit");
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("new"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_special_files_are_streams() {
        let dir = scratch("resolve");
        let real = dir.join("real.json");
        fs::write(&real, "x").expect("real");
        std::os::unix::fs::symlink("real.json", dir.join("link.json")).expect("link");
        std::os::unix::fs::symlink("new.json", dir.join("dangling.json")).expect("link");
        assert_eq!(
            resolve(&dir.join("link.json")).ok(),
            Some(Target::File(dir.join("real.json")))
        );
        assert_eq!(
            resolve(&dir.join("dangling.json")).ok(),
            Some(Target::File(dir.join("new.json")))
        );
        assert_eq!(
            resolve(Path::new("/dev/null")).ok(),
            Some(Target::Stream(PathBuf::from("/dev/null")))
        );
        assert!(matches!(resolve(&dir), Ok(Target::Dir(_))));
        std::os::unix::fs::symlink("loop", dir.join("loop")).expect("loop");
        assert!(resolve(&dir.join("loop")).is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = scratch("stale");
        // pid 0x7ffffffe is never a live process; our own pid is.
        let dead = ".out.json.phuluc-2147483646-0.tmp";
        let dead_dir = ".tables.phuluc-2147483646-3.tmp";
        let live = format!(".out.json.phuluc-{}-0.tmp", std::process::id());
        fs::write(dir.join(dead), "x").expect("dead");
        fs::create_dir_all(dir.join(dead_dir).join("sub")).expect("dead dir");
        fs::write(dir.join(&live), "x").expect("live");
        fs::write(dir.join(".not.ours.tmp"), "x").expect("other");
        assert_eq!(clean_stale(&dir), 2);
        assert_eq!(names(&dir), [".not.ours.tmp".to_string(), live]);
        assert_eq!(temp_pid(".x.phuluc-12-0.old"), Some(12));
        assert_eq!(temp_pid(".x.phuluc-12.tmp"), None);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_table_directory_is_swapped_in_whole() {
        let dir = scratch("tables");
        let target = dir.join("tables");
        let tables = ["a.csv", "b.csv"];
        let write = |tag: &'static str| {
            move |d: &Path| -> Result<(), io::Error> {
                for t in ["a.csv", "b.csv"] {
                    fs::write(d.join(t), tag)?;
                }
                Ok(())
            }
        };
        write_dir(&target, &tables, write("one")).expect("new directory");
        assert_eq!(names(&target), ["a.csv", "b.csv"]);
        write_dir(&target, &tables, write("two")).expect("replaced");
        assert_eq!(
            fs::read_to_string(target.join("b.csv")).ok().as_deref(),
            Some("two")
        );
        // A failing writer leaves the old set whole and no temporary directory.
        let r = write_dir(&target, &tables, |d: &Path| {
            fs::write(d.join("a.csv"), "three")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(r, Err(DirError::Write(_))));
        assert_eq!(
            fs::read_to_string(target.join("a.csv")).ok().as_deref(),
            Some("two")
        );
        assert_eq!(names(&dir), ["tables"]);
        // A directory with other files is not replaced.
        fs::write(target.join("notes.txt"), "mine").expect("notes");
        let r = write_dir(&target, &tables, write("four"));
        assert!(matches!(r, Err(DirError::Foreign(ref n)) if n == "notes.txt"));
        assert_eq!(
            fs::read_to_string(target.join("notes.txt")).ok().as_deref(),
            Some("mine")
        );
        // A regular file is not replaced by a directory.
        let file = dir.join("file");
        fs::write(&file, "keep").expect("file");
        assert!(write_dir(&file, &tables, write("five")).is_err());
        assert_eq!(fs::read_to_string(&file).ok().as_deref(), Some("keep"));
        let _ = fs::remove_dir_all(&dir);
    }
}
