/*
 * spawn.c: hand bytes to a shell command on its standard input and learn
 * whether it took them: xf-notify's pipe to sendmail.
 *
 * The command is run by /bin/sh -c, in a process group of its own, so
 * that a command that hangs is stopped with everything it started (a
 * sendmail that forks a queue runner, a pipeline): TERM to the group,
 * then KILL after a grace.  The time limit covers the whole of it,
 * writing included, so a command that never reads its input cannot
 * hold the caller either.  Only exit status 0 is success: that is
 * sendmail's word that the message is queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xf.h"

#define GRACE_MS	2000	/* from TERM to KILL */
#define WAIT_STEP_MS	10	/* how often an exit is looked for */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Starts cmd with its standard input in, its standard output our
 * standard error, in a process group of its own, with SIGPIPE at its
 * default (an ignored signal is inherited through exec) and no signal
 * blocked.  posix_spawn, not fork: the child never runs this
 * library's code, so it need not end itself when exec fails.
 */
static int
start(const char *cmd, int in, int out_end, pid_t *pid, struct xf_err *err)
{
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	extern char **environ;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, pipe;
	int rc;

	sigemptyset(&none);
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	if (posix_spawn_file_actions_init(&fa) != 0)
		return xf_errf(err, "out of memory");
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return xf_errf(err, "out of memory");
	}
	rc = posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO,
		    STDOUT_FILENO);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclose(&fa, in);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclose(&fa, out_end);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
		    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&at, 0);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&at, &pipe);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&at, &none);
	if (rc == 0)
		rc = posix_spawn(pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0)
		return xf_errf(err, "cannot start /bin/sh: %s", strerror(rc));
	return 0;
}

/* Writes data to fd until it is all written, the reader closes its end
 * (then the exit status tells), or the deadline: -1 then. */
static int
feed(int fd, const char *data, size_t len, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t n;
	int64_t left;

	while (len > 0) {
		if ((left = deadline - now_ms()) <= 0)
			return -1;
		if (poll(&p, 1, (int)(left > 60000 ? 60000 : left)) == -1 &&
		    errno != EINTR)
			return 0;
		n = write(fd, data, len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return 0;	/* EPIPE: the reader has gone */
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1 with *status once pid has ended, 0 at the deadline. */
static int
reap(pid_t pid, int64_t deadline, int *status)
{
	pid_t r;

	for (;;) {
		r = waitpid(pid, status, WNOHANG);
		if (r == pid || (r == -1 && errno != EINTR))
			return 1;
		if (now_ms() >= deadline)
			return 0;
		poll(NULL, 0, WAIT_STEP_MS);
	}
}

static void
stop(pid_t pid, int *status)
{
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	if (reap(pid, now_ms() + GRACE_MS, status))
		return;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) == -1 && errno == EINTR)
		;
}

int
xf_spawn_feed(const char *cmd, const char *data, size_t len,
    int timeout_s, struct xf_err *err)
{
	int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
	int fds[2], status = 0, late;
	pid_t pid;

	if (pipe(fds) == -1)
		return xf_errf(err, "cannot make a pipe: %s", strerror(errno));
	if (start(cmd, fds[0], fds[1], &pid, err) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[0]);
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	late = feed(fds[1], data, len, deadline) == -1;
	close(fds[1]);
	if (late || !reap(pid, deadline, &status)) {
		stop(pid, &status);
		return xf_errf(err, "no answer within %d s, stopped",
		    timeout_s);
	}
	/* A command that ended is not followed into its group: a
	 * sendmail that delivers in the background (-odb) forks a child
	 * that must live on. */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return xf_errf(err, "exited %d%s", WEXITSTATUS(status),
		    WEXITSTATUS(status) == 127 ? " (no such command?)" : "");
	if (WIFSIGNALED(status))
		return xf_errf(err, "killed by signal %d", WTERMSIG(status));
	return xf_errf(err, "ended with status %d", status);
}
