//! Reading many open files in one batch of requests (Linux, `io_uring`).
//!
//! A disk that answers slowly answers each request in turn: a few
//! milliseconds each, however many are asked at once. Asked one file per
//! request (threads reading files), 1,000 files that the page cache lost
//! cost seconds. Handed to the kernel together, in the order they lie on
//! the disk ([`place`]: where the file system says their data starts, by
//! inode where it does not), the reads of neighbouring files are joined
//! into one request before they reach the disk: 11,500 briefings and
//! entries read cold in about 950 requests (2,100 in inode order, 11,700
//! one by one), and 1,000 that lie side by side in 110-160 instead of
//! 900-1,000 (1,000 scattered ones gain nothing).
//! Only the files the page cache lacks come here ([`cached`] says which):
//! a cached file is read at once, as cheaply as before.
//!
//! Where `io_uring` is not to be had (an older kernel, a container that
//! forbids it), [`Ring::new`] says so and the caller reads file by file.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;

use io_uring::{IoUring, opcode, types};

/// Requests handed to the kernel at once: enough for neighbours to meet.
pub const BATCH: usize = 256;

/// Batches in flight at once: a disk that can answer several requests at
/// a time is kept busy while the next batch is opened.
const IN_FLIGHT: usize = 4;

/// A file opened for reading, and what it was when opened.
pub struct Opened {
    pub file: File,
    pub meta: std::fs::Metadata,
}

/// An `io_uring` instance for reading files in batches.
pub struct Ring(IoUring);

/// One batch: its files, where each one's bytes go, and their buffers,
/// each the kernel's to write from its request until its completion.
struct Batch {
    files: Vec<(usize, Opened)>,
    bufs: Vec<Vec<u8>>,
    waiting: usize,
}

impl Ring {
    /// `None` where the kernel offers no `io_uring`.
    pub fn new() -> Option<Ring> {
        IoUring::new((BATCH * IN_FLIGHT) as u32).ok().map(Ring)
    }

    /// Reads `batches` batches of files: `open(k)` opens batch `k` (at
    /// most [`BATCH`] files, each with the index in `out` its bytes go to),
    /// which is then read in one go, up to the size each file had when
    /// opened (as [`super::files::read_plain`] reads it). The requests are
    /// asked in the order `open` gives the files: the caller orders them
    /// as they lie on the disk ([`place`]), so that neighbours are joined.
    /// The next batch is opened while the last ones are read.
    pub fn read_batches(
        &mut self,
        batches: usize,
        open: impl Fn(usize) -> Vec<(usize, Opened)> + Sync,
        out: &mut [Option<io::Result<Vec<u8>>>],
    ) {
        let mut flying: Vec<Option<Batch>> = Vec::new();
        flying.resize_with(batches, || None);
        let mut next = open_next(&open, 0, batches);
        let mut asked = 0;
        loop {
            let in_flight = flying.iter().filter(|b| b.is_some()).count();
            if in_flight < IN_FLIGHT
                && let Some(files) = next.take()
            {
                // This batch is handed over while the one after is opened.
                let k = asked;
                asked += 1;
                let (batch, opened) = rayon::join(
                    || self.ask(k, files, out),
                    || open_next(&open, asked, batches),
                );
                next = opened;
                flying[k] = batch;
                continue;
            }
            if next.is_none() && flying.iter().all(Option::is_none) {
                return;
            }
            if !self.wait(&mut flying, out) {
                // The kernel may still write into the buffers of the
                // requests it took: they are left to it, and their files
                // read again one by one.
                for batch in flying.iter_mut().filter_map(Option::take) {
                    for (i, opened) in &batch.files {
                        if out[*i].is_none() {
                            out[*i] = Some(alone(opened));
                        }
                    }
                    std::mem::forget(batch);
                }
                if let Some(files) = next.take() {
                    for (i, opened) in files {
                        out[i] = Some(alone(&opened));
                    }
                }
                for k in asked + 1..batches {
                    for (i, opened) in open(k) {
                        out[i] = Some(alone(&opened));
                    }
                }
                return;
            }
        }
    }

    /// Hands batch `k` to the kernel in the order given; `None` when
    /// nothing of it is left waiting.
    fn ask(
        &mut self,
        k: usize,
        files: Vec<(usize, Opened)>,
        out: &mut [Option<io::Result<Vec<u8>>>],
    ) -> Option<Batch> {
        let mut bufs: Vec<Vec<u8>> = Vec::with_capacity(files.len());
        let mut waiting = 0;
        {
            let mut queue = self.0.submission();
            for (n, (i, f)) in files.iter().enumerate() {
                let len = f.meta.len();
                let want = match u32::try_from(len) {
                    Ok(0) => {
                        bufs.push(Vec::new());
                        out[*i] = Some(Ok(Vec::new()));
                        continue;
                    }
                    Ok(want) => want,
                    Err(_) => {
                        // Too large for one request: read on its own.
                        bufs.push(Vec::new());
                        out[*i] = Some(alone(f));
                        continue;
                    }
                };
                let mut buf = Vec::with_capacity(want as usize);
                let read = opcode::Read::new(types::Fd(f.file.as_raw_fd()), buf.as_mut_ptr(), want)
                    .offset(0)
                    .build()
                    .user_data(((k as u64) << 32) | n as u64);
                bufs.push(buf);
                // SAFETY: the buffer (its heap memory: the vector of
                // buffers may move, not what each one points at) and the
                // file are kept in the batch until the request completes;
                // the queue has room for every batch in flight.
                if unsafe { queue.push(&read) }.is_err() {
                    out[*i] = Some(alone(f));
                    continue;
                }
                waiting += 1;
            }
        }
        // Handed over in one call, so that the reads of neighbouring files
        // are joined before they reach the disk; a failure here shows in
        // the wait.
        let _ = self.0.submit();
        (waiting > 0).then_some(Batch {
            files,
            bufs,
            waiting,
        })
    }

    /// Waits for at least one read and takes every one done; `false` if
    /// the kernel cannot be asked any more.
    fn wait(
        &mut self,
        flying: &mut [Option<Batch>],
        out: &mut [Option<io::Result<Vec<u8>>>],
    ) -> bool {
        loop {
            match self.0.submit_and_wait(1) {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
        for entry in self.0.completion() {
            let (k, n) = (
                (entry.user_data() >> 32) as usize,
                (entry.user_data() & 0xffff_ffff) as usize,
            );
            let Some(Some(batch)) = flying.get_mut(k) else {
                continue;
            };
            let (Some((i, f)), Some(buf)) = (batch.files.get(n), batch.bufs.get_mut(n)) else {
                continue;
            };
            let mut buf = std::mem::take(buf);
            out[*i] = Some(match usize::try_from(entry.result()) {
                Ok(read) => {
                    // SAFETY: the kernel wrote `read` bytes, no more than
                    // the capacity it was given.
                    unsafe { buf.set_len(read.min(buf.capacity())) };
                    read_rest(&f.file, buf, f.meta.len())
                }
                Err(_) => Err(io::Error::from_raw_os_error(-entry.result())),
            });
            batch.waiting -= 1;
            if batch.waiting == 0 {
                flying[k] = None;
            }
        }
        true
    }
}

/// Whether the page cache holds all of `file` (its first `len` bytes):
/// `None` where the kernel cannot say (`cachestat`, Linux 6.5, is
/// missing or refused). Asking starts no read, where trying a read that
/// must not wait (`RWF_NOWAIT`) would start one for each file.
pub fn cached(file: &File, len: u64) -> Option<bool> {
    /// `cachestat`'s number, the same on every architecture but Alpha; the
    /// `libc` crate does not name it yet.
    const SYS_CACHESTAT: libc::c_long = 451;
    #[repr(C)]
    struct Range {
        off: u64,
        len: u64,
    }
    #[repr(C)]
    #[derive(Default)]
    struct Stat {
        nr_cache: u64,
        nr_dirty: u64,
        nr_writeback: u64,
        nr_evicted: u64,
        nr_recently_evicted: u64,
    }
    if len == 0 {
        return Some(true);
    }
    let range = Range { off: 0, len };
    let mut stat = Stat::default();
    // SAFETY: both structures are laid out as the kernel's
    // `cachestat_range` and `cachestat`, and live across the call.
    let r = unsafe {
        libc::syscall(
            SYS_CACHESTAT,
            file.as_raw_fd(),
            &range as *const Range,
            &mut stat as *mut Stat,
            0u32,
        )
    };
    if r != 0 {
        return None;
    }
    let page = page_size();
    Some(stat.nr_cache >= len.div_ceil(page))
}

/// Orders files as they lie on their disk: by where a file's data starts
/// where the file system says (ext4, XFS, Btrfs), after those by inode (a
/// folder's files are numbered in the order they were made). Files made
/// one after another mostly lie side by side, but their inode numbers
/// follow that order only within stretches: at 11,500 briefings and
/// entries read cold, inode order asked the disk 2,100 times, this order
/// about 950.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    unknown: bool,
    at: u64,
}

/// Where `file` (with `meta`, its metadata) lies.
pub fn place(file: &File, meta: &std::fs::Metadata) -> Place {
    use std::os::unix::fs::MetadataExt;
    match disk_offset(file) {
        Some(at) => Place { unknown: false, at },
        None => Place {
            unknown: true,
            at: meta.ino(),
        },
    }
}

/// Where `file`'s data starts on its device, in bytes (`FIEMAP`): `None`
/// where the file system does not say, or has not placed it yet.
fn disk_offset(file: &File) -> Option<u64> {
    // `_IOWR('f', 11, struct fiemap)`, typed as this C library types it.
    const FS_IOC_FIEMAP: libc::Ioctl = 0xC020_660B_u32 as libc::Ioctl;
    #[repr(C)]
    #[derive(Default)]
    struct Extent {
        logical: u64,
        physical: u64,
        length: u64,
        reserved64: [u64; 2],
        flags: u32,
        reserved: [u32; 3],
    }
    #[repr(C)]
    #[derive(Default)]
    struct Map {
        start: u64,
        length: u64,
        flags: u32,
        mapped_extents: u32,
        extent_count: u32,
        reserved: u32,
        extents: [Extent; 1],
    }
    /// The extent's place is not known yet (delayed allocation).
    const UNKNOWN: u32 = 0x2;
    let mut map = Map {
        length: u64::MAX,
        extent_count: 1,
        ..Map::default()
    };
    // SAFETY: `Map` is laid out as the kernel's `struct fiemap` followed by
    // room for the one `struct fiemap_extent` it is told of, and lives
    // across the call.
    let r = unsafe { libc::ioctl(file.as_raw_fd(), FS_IOC_FIEMAP, &mut map as *mut Map) };
    let e = &map.extents[0];
    (r == 0 && map.mapped_extents == 1 && e.flags & UNKNOWN == 0).then_some(e.physical)
}

/// The size of a page of memory, asked once.
fn page_size() -> u64 {
    static PAGE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *PAGE.get_or_init(|| {
        // SAFETY: `sysconf` only reads a setting.
        let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        u64::try_from(size).ok().filter(|&s| s > 0).unwrap_or(4096)
    })
}

/// Batch `k` opened, if there is one.
fn open_next(
    open: &(impl Fn(usize) -> Vec<(usize, Opened)> + Sync),
    k: usize,
    batches: usize,
) -> Option<Vec<(usize, Opened)>> {
    (k < batches).then(|| open(k))
}

/// A file read on its own, without the batch.
fn alone(f: &Opened) -> io::Result<Vec<u8>> {
    read_rest(&f.file, Vec::new(), f.meta.len())
}

/// `buf`, read so far from the start of `file`, completed up to `len`
/// bytes or the end of the file: a request may come back short.
fn read_rest(file: &File, mut buf: Vec<u8>, len: u64) -> io::Result<Vec<u8>> {
    let len = usize::try_from(len).map_err(io::Error::other)?;
    let mut at = buf.len();
    if at >= len {
        return Ok(buf);
    }
    buf.resize(len, 0);
    while at < len {
        match file.read_at(&mut buf[at..], at as u64) {
            Ok(0) => break,
            Ok(n) => at += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    buf.truncate(at);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file, in batches of the size the callers use.
    fn read_all(ring: &mut Ring, files: Vec<Opened>) -> Vec<io::Result<Vec<u8>>> {
        let n = files.len();
        let files =
            std::sync::Mutex::new(files.into_iter().enumerate().map(Some).collect::<Vec<_>>());
        let mut out: Vec<Option<io::Result<Vec<u8>>>> = Vec::new();
        out.resize_with(n, || None);
        ring.read_batches(
            n.div_ceil(BATCH),
            |k| {
                let mut files = files.lock().unwrap();
                files[k * BATCH..((k + 1) * BATCH).min(n)]
                    .iter_mut()
                    .filter_map(Option::take)
                    .collect()
            },
            &mut out,
        );
        out.into_iter().map(Option::unwrap).collect()
    }

    fn opened(path: &std::path::Path) -> Opened {
        let file = File::open(path).unwrap();
        let meta = file.metadata().unwrap();
        Opened { file, meta }
    }

    #[test]
    fn files_placed_on_the_disk_come_first_in_its_order_and_the_others_by_inode() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.md");
        std::fs::write(&empty, b"").unwrap();
        let full = dir.path().join("full.md");
        std::fs::write(&full, vec![b'x'; 64 * 1024]).unwrap();
        File::open(&full).unwrap().sync_all().unwrap();
        let empty_place = {
            let f = opened(&empty);
            place(&f.file, &f.meta)
        };
        // An empty file has no data anywhere: ordered by its inode.
        let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&empty).unwrap());
        assert_eq!(
            empty_place,
            Place {
                unknown: true,
                at: ino
            }
        );
        let f = opened(&full);
        let full_place = place(&f.file, &f.meta);
        if !full_place.unknown {
            // Where the file system says, a byte offset on the device: a
            // whole number of sectors, and before every unplaced file.
            assert_eq!(full_place.at % 512, 0);
            assert!(full_place < empty_place);
        }
        assert!(
            Place {
                unknown: false,
                at: u64::MAX
            } < Place {
                unknown: true,
                at: 0
            }
        );
    }

    #[test]
    fn a_batch_reads_what_each_file_holds_in_the_order_given() {
        let Some(mut ring) = Ring::new() else {
            // No io_uring here: the callers read file by file, which their
            // own tests cover.
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        // More files than one batch, of sizes around the page and the
        // request, and empty ones.
        let sizes: Vec<usize> = (0..600).map(|i| (i * 397) % 20_000).collect();
        let mut files = Vec::new();
        let mut expected = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            let path = dir.path().join(format!("f{i}.md"));
            let text: Vec<u8> = (0..size).map(|b| (b % 251) as u8 ^ (i as u8)).collect();
            std::fs::write(&path, &text).unwrap();
            files.push(opened(&path));
            expected.push(text);
        }
        // Listed in an order unlike the disk's.
        files.reverse();
        expected.reverse();
        let read = read_all(&mut ring, files);
        assert_eq!(read.len(), expected.len());
        for (got, want) in read.into_iter().zip(&expected) {
            assert_eq!(&got.unwrap(), want);
        }
    }

    #[test]
    fn a_file_is_read_as_large_as_it_was_when_opened() {
        let Some(mut ring) = Ring::new() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let grows = dir.path().join("grows.md");
        let shrinks = dir.path().join("shrinks.md");
        std::fs::write(&grows, b"first").unwrap();
        std::fs::write(&shrinks, b"a longer text").unwrap();
        let files = vec![opened(&grows), opened(&shrinks)];
        std::fs::write(&grows, b"first and more").unwrap();
        std::fs::write(&shrinks, b"short").unwrap();
        let read = read_all(&mut ring, files);
        assert_eq!(read[0].as_ref().unwrap(), b"first");
        assert_eq!(read[1].as_ref().unwrap(), b"short");
    }

    #[test]
    fn the_cache_says_whether_it_holds_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.md");
        std::fs::write(&path, vec![b'x'; 50_000]).unwrap();
        let file = File::open(&path).unwrap();
        file.sync_all().unwrap();
        let _ = std::fs::read(&path).unwrap();
        let Some(held) = cached(&file, 50_000) else {
            // A kernel without `cachestat`: the callers read every file.
            return;
        };
        assert!(held, "a file just read is held");
        // Dropped from the cache (written out first, so it can be).
        // SAFETY: advice about an open file.
        unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        assert_eq!(cached(&file, 50_000), Some(false));
        assert_eq!(cached(&file, 0), Some(true), "nothing to hold");
    }

    #[test]
    fn a_short_request_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.md");
        let text: Vec<u8> = (0..200_000).map(|b| (b % 253) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let file = File::open(&path).unwrap();
        let got = read_rest(&file, text[..1000].to_vec(), text.len() as u64).unwrap();
        assert_eq!(got, text);
        // From nothing, and past the end of a file that shrank.
        let got = read_rest(&file, Vec::new(), text.len() as u64 + 10).unwrap();
        assert_eq!(got, text);
        let got = read_rest(&file, Vec::new(), 10).unwrap();
        assert_eq!(got, &text[..10]);
    }
}
