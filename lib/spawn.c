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

static void
child(const char *cmd, int in)
{
	sigset_t none;

	setpgid(0, 0);
	/* An ignored SIGPIPE is inherited through exec: give the command
	 * the default its authors expect. */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(in, STDIN_FILENO) == -1 || dup2(STDERR_FILENO,
	    STDOUT_FILENO) == -1)
		_exit(126);
	close(in);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
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
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return xf_errf(err, "cannot start a process: %s",
		    strerror(errno));
	}
	if (pid == 0)
		child(cmd, fds[0]);
	setpgid(pid, pid);	/* also here: no race with the child's */
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
