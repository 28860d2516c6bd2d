"""When a local file's state may stand for its bytes: the record cache's shortcut.

The record cache (:mod:`.cache`) keys each record by the SHA-256 of the file's bytes.
Reading and hashing every file again is most of a re-audit's work, so the cache also
remembers the SHA-256 it found for a file in a given *state*: its path, device, inode,
size, and modification and change times (:meth:`.cache.RecordCache.known`). A file
found in a state remembered is not read again.

The state stands for the bytes only because the kernel sets a file's change time
(``ctime``) whenever its bytes change, and no program can set it back; so it is used
only where that holds, and only for a file whose bytes were read through the very
descriptor its state was taken from (:func:`open_local`: a path whose link or folder
is switched between a look and a read cannot pair one file's state with another's
bytes):

* on file systems whose change times the kernel itself keeps
  (:data:`KEPT_BY_KERNEL`): not FUSE (rclone and sshfs report the modification time,
  which a program sets, as the change time), SMB or FAT, and not tmpfs, where writes
  through a shared memory mapping change no time at all;
* for a file whose change time is :data:`SETTLED_NS` or more before its reading began:
  writes through a shared mapping change the times only at the first write to a page
  the kernel has written back, which it does within half a minute by default; and a
  write within the same tick of a file system's clock (FAT's is two seconds) leaves
  them as they were.

Any other file is read and hashed at every audit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..files import open_regular
from .locations import is_url

__all__ = ["KEPT_BY_KERNEL", "SETTLED_NS", "Opened", "open_local", "vouches"]

SETTLED_NS = 60_000_000_000
"""How long before its reading a file must have been left unchanged (its change time)
for its state to stand for its bytes: past the kernel's write-back of pages written
through a shared mapping (``vm.dirty_expire_centisecs``, 30 s, and the flusher's
interval, 5 s, by default), after which the next such write sets the times again."""
KEPT_BY_KERNEL = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "zfs", "jfs", "nfs", "nfs4", "overlay"}
)
"""File systems whose change times the kernel keeps (a network one's by its server's)."""

_TYPES: dict[int, str] = {}
"""Each mounted device's file system (from ``/proc/self/mountinfo``), read again when a
device not seen before is asked for (a folder mounted since)."""
_ASKED: set[int] = set()


def _filesystem(device: int) -> str | None:
    if device not in _TYPES and device not in _ASKED:
        _ASKED.add(device)
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    fields = line.split()
                    if "-" not in fields or len(fields) < 3 or ":" not in fields[2]:
                        continue
                    major, minor = fields[2].split(":", 1)
                    kind = fields[fields.index("-") + 1 :][:1]
                    if major.isdigit() and minor.isdigit() and kind:
                        _TYPES.setdefault(os.makedev(int(major), int(minor)), kind[0])
        except OSError:  # (not Linux: no state is trusted)
            pass
    return _TYPES.get(device)


def vouches(info: os.stat_result, began: int) -> bool:
    """Whether the state ``info`` of a file read from ``began`` (:func:`time.time_ns`)
    stands for its bytes (see the module)."""
    return (
        began - info.st_ctime_ns >= SETTLED_NS  # (a change time "after": another clock)
        and _filesystem(info.st_dev) in KEPT_BY_KERNEL
    )


@dataclass(frozen=True, slots=True)
class Opened:
    """A local regular file opened for reading, and its state from that descriptor."""

    fd: int
    info: os.stat_result

    def read(self) -> bytes:
        with os.fdopen(self.fd, "rb", closefd=False) as handle:
            return handle.read()

    def close(self) -> None:
        os.close(self.fd)


def open_local(location: str) -> Opened | None:
    """``location`` opened, when it is a local regular file that can be (else None: the
    reading says why, as before)."""
    if is_url(location):
        return None
    try:
        return Opened(*open_regular(location))
    except (OSError, ValueError):
        return None
