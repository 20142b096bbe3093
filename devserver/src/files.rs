//! Reading files the server did not write: templates and the demo's static files.
//!
//! A folder the server reads may hold anything: a FIFO (opening it for reading waits for a
//! writer, forever), a symlink to `/dev/zero` (read until memory runs out) or a symlink out of
//! the folder (serving files the developer never meant to publish). So a file is read only when
//! it resolves inside its root, is a regular file once opened (checked on the open handle, not
//! the name), and is no larger than a limit. These calls block: async code runs them with
//! `tokio::task::spawn_blocking`.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Nothing there (or a dangling symlink).
    #[error("not found")]
    NotFound,
    /// The name resolves outside its root, through a symlink or `..`.
    #[error("resolves outside {root} (a symlink?)")]
    Outside {
        /// The root it escapes.
        root: String,
    },
    /// A FIFO, socket, device or directory.
    #[error("not a regular file (a FIFO, socket, device or folder)")]
    NotRegular,
    /// Larger than the limit.
    #[error("{size} bytes, over the limit of {limit} bytes (--max-file-size)")]
    TooLarge {
        /// The file's size (or how much was read before stopping).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Any other I/O error.
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            FileError::NotFound
        } else {
            FileError::Io(e)
        }
    }
}

/// The real path of `path`, if it lies inside `root` once both are resolved.
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf, FileError> {
    let root = root.canonicalize()?;
    let real = path.canonicalize()?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(FileError::Outside {
            root: root.display().to_string(),
        })
    }
}

/// Opens `path` for reading without waiting on a FIFO; the handle is checked afterwards.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Opens `path` if it is a regular file inside `root` of at most `limit` bytes; with its size.
fn open_checked(root: &Path, path: &Path, limit: u64) -> Result<(File, u64), FileError> {
    let real = inside(root, path)?;
    let file = open_nonblocking(&real)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > limit {
        return Err(FileError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}

/// Reads `path` if it is a regular file inside `root` of at most `limit` bytes.
pub fn read_limited(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let (file, len) = open_checked(root, path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may grow after the check: never read past the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Checks that `path` may be served: a regular file inside `root` of at most `limit` bytes.
pub fn check_servable(root: &Path, path: &Path, limit: u64) -> Result<(), FileError> {
    open_checked(root, path, limit).map(drop)
}

/// The file a static request path names under `root`, the way the static file service maps it
/// (percent-decoded, `index.html` for a folder). `None` for paths it would refuse anyway.
pub fn static_target(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(request_path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut path = root.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(c) => path.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("plugwire-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_regular_files_inside_the_root_up_to_the_limit() {
        let dir = temp("limit");
        std::fs::write(dir.join("a.json"), "12345").unwrap();
        assert_eq!(
            read_limited(&dir, &dir.join("a.json"), 5).unwrap(),
            b"12345"
        );
        assert!(matches!(
            read_limited(&dir, &dir.join("a.json"), 4),
            Err(FileError::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(
            read_limited(&dir, &dir.join("none.json"), 4),
            Err(FileError::NotFound)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_of_the_root_devices_and_folders() {
        let dir = temp("links");
        let outside = temp("outside");
        std::fs::write(outside.join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(outside.join("secret"), dir.join("out.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
        std::fs::write(dir.join("real.json"), "1").unwrap();
        std::os::unix::fs::symlink(dir.join("real.json"), dir.join("in.json")).unwrap();
        let read = |f: &str| read_limited(&dir, &dir.join(f), 1 << 20);
        assert!(matches!(read("out.json"), Err(FileError::Outside { .. })));
        assert!(matches!(read("zero.json"), Err(FileError::Outside { .. })));
        assert_eq!(
            read("in.json").unwrap(),
            b"1",
            "a symlink inside the root is fine"
        );
        assert!(matches!(
            read_limited(Path::new("/dev"), Path::new("/dev/zero"), 1 << 20),
            Err(FileError::NotRegular)
        ));
        assert!(matches!(
            check_servable(&dir, &dir, 1),
            Err(FileError::NotRegular)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn maps_request_paths_like_the_static_service() {
        let dir = temp("static");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        assert_eq!(static_target(&dir, "/a%20b.js"), Some(dir.join("a b.js")));
        assert_eq!(
            static_target(&dir, "/sub/"),
            Some(dir.join("sub/index.html"))
        );
        assert_eq!(static_target(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(static_target(&dir, "/../etc/passwd"), None);
        assert_eq!(static_target(&dir, "/%2e%2e/etc"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
