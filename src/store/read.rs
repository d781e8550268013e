//! Bounded reads of the files a user points the tool at (spec, catalog,
//! config, token, draft, presets). Only regular files are read, and only up
//! to a cap: `/dev/zero` cannot fill memory, and a FIFO cannot hang the
//! program (it is opened without blocking and refused).

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

const MIB: u64 = 1024 * 1024;

/// Largest spec file (`create --spec`).
pub const SPEC_CAP: u64 = MIB;
/// Largest `config.toml`.
pub const CONFIG_CAP: u64 = MIB;
/// Largest Auth Token file.
pub const TOKEN_CAP: u64 = MIB;
/// Largest draft file.
pub const DRAFT_CAP: u64 = MIB;
/// Largest `presets.toml`.
pub const PRESETS_CAP: u64 = MIB;
/// Largest catalog file (`--catalog`).
pub const CATALOG_CAP: u64 = 64 * MIB;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening or reading failed.
    Io(PathBuf, io::Error),
    /// Not a regular file; what it is instead (e.g. "FIFO").
    NotRegular(PathBuf, &'static str),
    /// Larger than the cap (bytes).
    TooLarge(PathBuf, u64),
    /// Not UTF-8 text.
    NotText(PathBuf),
}

impl ReadError {
    /// Whether the file does not exist, or a directory on its path is not
    /// one (callers treat both as "none").
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(_, e)
            if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory))
    }

    /// The reason without the path, for messages that name the file already.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io(_, e) => e.to_string(),
            ReadError::NotRegular(_, kind) => crate::text::not_regular_file(kind),
            ReadError::TooLarge(_, cap) => crate::text::file_too_large(*cap),
            ReadError::NotText(_) => crate::text::FILE_NOT_TEXT.to_string(),
        }
    }

    fn path(&self) -> &Path {
        match self {
            ReadError::Io(p, _)
            | ReadError::NotRegular(p, _)
            | ReadError::TooLarge(p, _)
            | ReadError::NotText(p) => p,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for ReadError {}

/// Reads a regular file of at most `cap` bytes. Symbolic links are followed;
/// what they point to must be a regular file too.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let io_err = |e| ReadError::Io(path.to_path_buf(), e);
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
    // waiting for one. O_NOCTTY: a terminal device never becomes ours.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(io_err)?;
    // The type of what was opened, not of the path: nothing can be swapped in between.
    let meta = file.metadata().map_err(io_err)?;
    let ft = meta.file_type();
    if !ft.is_file() {
        let kind = if ft.is_fifo() {
            "FIFO"
        } else if ft.is_dir() {
            "directory"
        } else if ft.is_char_device() {
            "character device"
        } else if ft.is_block_device() {
            "block device"
        } else if ft.is_socket() {
            "socket"
        } else {
            "special file"
        };
        return Err(ReadError::NotRegular(path.to_path_buf(), kind));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(path.to_path_buf(), cap));
    }
    // The file may grow after fstat: read one byte past the cap to notice.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(path.to_path_buf(), cap));
    }
    Ok(bytes)
}

/// [`read_regular`] for UTF-8 text.
pub fn read_regular_string(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read_regular(path, cap)?).map_err(|_| ReadError::NotText(path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A fresh directory, removed when the returned guard drops.
    fn dir(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("impact-token-read-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn normal_file_and_symlink_to_one_are_read() {
        let tmp = dir("normal");
        let d = tmp.path();
        let p = d.join("a.toml");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_regular(&p, 5).unwrap(), b"hello");
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert_eq!(read_regular_string(&link, 10).unwrap(), "hello");
        let empty = d.join("empty");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(read_regular(&empty, 0).unwrap(), b"");
    }

    #[test]
    fn missing_file_is_not_found() {
        let tmp = dir("missing");
        let d = tmp.path();
        let e = read_regular(&d.join("nope"), 10).unwrap_err();
        assert!(e.is_not_found(), "{e}");
    }

    #[test]
    fn fifo_is_refused_at_once() {
        let tmp = dir("fifo");
        let d = tmp.path();
        let p = d.join("pipe");
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let start = Instant::now();
        let e = read_regular(&p, 10).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(matches!(e, ReadError::NotRegular(_, "FIFO")), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!("{}: it is a FIFO, not a regular file", p.display())
        );
        assert!(!e.is_not_found());
        // A symlink to a FIFO is refused the same way.
        let link = d.join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(matches!(
            read_regular(&link, 10),
            Err(ReadError::NotRegular(_, "FIFO"))
        ));
    }

    #[test]
    fn devices_and_directories_are_refused() {
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(
            matches!(e, ReadError::NotRegular(_, "character device")),
            "{e:?}"
        );
        let tmp = dir("dir");
        let d = tmp.path();
        let e = read_regular(d, 10).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular(_, "directory")), "{e:?}");
    }

    #[test]
    fn files_over_the_cap_are_refused() {
        let tmp = dir("big");
        let d = tmp.path();
        let p = d.join("big");
        std::fs::write(&p, vec![b'x'; 11]).unwrap();
        assert_eq!(read_regular(&p, 11).unwrap().len(), 11);
        let e = read_regular(&p, 10).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge(_, 10)), "{e:?}");
        std::fs::write(&p, vec![b'x'; (2 * MIB) as usize]).unwrap();
        let e = read_regular(&p, MIB).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: it is larger than 1 MiB", p.display())
        );
    }

    #[test]
    fn non_utf8_is_not_text() {
        let tmp = dir("bin");
        let d = tmp.path();
        let p = d.join("bin");
        std::fs::write(&p, b"\xff\xfe").unwrap();
        assert!(matches!(
            read_regular_string(&p, 10),
            Err(ReadError::NotText(_))
        ));
    }
}
