//! Private, atomic file writes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Writes `bytes` to `path` so that a reader (or a crash) sees either the old
/// file or the whole new one: a temporary file in the same directory (mode
/// 0600), fsync, rename over the target, fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates a new file readable only by its owner (0600) holding `bytes`,
/// whole or not at all: the bytes go to a temporary 0600 file in the same
/// directory, which is fsynced and then moved into place without replacing
/// anything (`persist_noclobber`), and the directory is fsynced. On any
/// failure (a full disk, say) the temporary file is removed, so nothing is
/// left behind and a retry at the same path works. Fails with
/// `AlreadyExists` rather than overwrite anything.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let dir = parent_dir(path);
    let mut tmp = temp_in(dir, path)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // On failure the error carries the temporary file, and dropping it deletes it.
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    File::open(dir)?.sync_all()
}

/// Checks, before anything irreversible happens, that a new private file
/// can be written at `path`: it does not exist, and a 0600 file with room
/// for `room` bytes can be created in its directory (which must exist). The
/// probe file is removed again.
pub fn check_new_private(path: &Path, room: usize) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let dir = parent_dir(path);
    let tmp = temp_in(dir, path)?;
    reserve(tmp.as_file(), room)?;
    tmp.close()
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file (0600, tempfile's default) next to `path`.
fn temp_in(dir: &Path, path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Allocates `room` bytes of disk for `f`, so a full disk shows now and not
/// when the real bytes are written.
fn reserve(f: &File, room: usize) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    if room == 0 {
        return Ok(());
    }
    let len = libc::off_t::try_from(room).unwrap_or(libc::off_t::MAX);
    // SAFETY: a plain call on a descriptor this function borrows.
    match unsafe { libc::posix_fallocate(f.as_raw_fd(), 0, len) } {
        0 => Ok(()),
        e => Err(io::Error::from_raw_os_error(e)),
    }
}

/// Whether a file can be read by its group or others.
pub fn is_group_or_world_readable(path: &Path) -> io::Result<bool> {
    Ok(fs::metadata(path)?.permissions().mode() & 0o044 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory, removed when the returned guard drops.
    fn temp(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("impact-token-files-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn atomic_write_replaces_whole_and_is_private() {
        let tmp = temp("atomic");
        let d = tmp.path();
        let p = d.join("sub/x.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let leftovers: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn new_private_file_never_overwrites() {
        let tmp = temp("new");
        let d = tmp.path();
        let p = d.join("secret.txt");
        write_new_private(&p, b"s").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(!is_group_or_world_readable(&p).unwrap());
        let e = write_new_private(&p, b"t").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"s");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(is_group_or_world_readable(&p).unwrap());
        assert_eq!(names(d), ["secret.txt"], "no temporary file left behind");
    }

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_a_retry_works() {
        // The write fails (here: the directory is missing; a full disk is
        // tested end to end in tests/cli_secrets.rs); a retry at the same
        // path works once it can.
        let tmp = temp("whole");
        let d = tmp.path();
        let p = d.join("sub/secret.env");
        assert!(write_new_private(&p, b"whole").is_err());
        fs::create_dir(d.join("sub")).unwrap();
        assert!(names(&d.join("sub")).is_empty());
        write_new_private(&p, b"whole").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"whole");
        assert_eq!(names(&d.join("sub")), ["secret.env"]);
    }

    #[test]
    fn a_dangling_symlink_is_never_followed_or_replaced() {
        // A name that exists only as a dangling symlink must not be followed
        // or replaced, and the temporary file is gone afterwards.
        let tmp = temp("dangling");
        let d = tmp.path();
        let p = d.join("link.env");
        std::os::unix::fs::symlink(d.join("elsewhere"), &p).unwrap();
        let e = write_new_private(&p, b"s").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(!d.join("elsewhere").exists());
        assert_eq!(names(d), ["link.env"]);
    }

    #[test]
    fn the_destination_check_creates_nothing() {
        let tmp = temp("check");
        let d = tmp.path();
        check_new_private(&d.join("a.env"), 4096).unwrap();
        assert!(names(d).is_empty(), "the probe is removed");
        let e = check_new_private(&d.join("missing/a.env"), 1).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        fs::write(d.join("b.env"), "x").unwrap();
        let e = check_new_private(&d.join("b.env"), 1).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    }
}
