//! Output files that are either complete or absent.
//!
//! Everything is written to a temporary file beside the target and renamed into place only when
//! complete, so a failed run never leaves a half-written file nor clobbers an existing one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; [`AtomicFile::commit`] renames it into place, dropping it removes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `target` (through a temporary file in the same directory).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let mut n = 0u32;
        loop {
            let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(f) => {
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

    /// The temporary path (for writers that need a path, such as SQLite).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
            w.get_ref().sync_all()?;
        }
        fs::rename(&self.temp, &self.target)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_or_absent() {
        let dir = std::env::temp_dir().join(format!("phuluc-atomic-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        let target = dir.join("out.json");
        let _ = fs::write(&target, "old");
        {
            let mut f = AtomicFile::create(&target).expect("temp file");
            f.write_all(b"half").expect("write");
            // dropped without commit: the old file stays, no temp file is left
        }
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("old"));
        assert_eq!(fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0), 1);
        let mut f = AtomicFile::create(&target).expect("temp file");
        f.write_all(b"new").expect("write");
        f.commit().expect("commit");
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("new"));
        let _ = fs::remove_dir_all(&dir);
    }
}
