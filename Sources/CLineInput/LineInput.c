#include "LineInput.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>

// Ctrl-C. The handler only records the signal (all it may safely do); readline's signal event hook
// and the output loops act on it in ordinary code.

static volatile sig_atomic_t interrupt_pending = 0;
static volatile sig_atomic_t empty_line_interrupted = 0;

/// The thread that reads the terminal: the one that installed the handler.
static pthread_t reading_thread;

/// The system hands a process's SIGINT to any thread that does not block it; while the index or the
/// vectors are built in the background, that is often not the thread waiting for the terminal. The
/// signal is passed on to the reading thread, whose wait must return EINTR for readline to act at once.
static void interrupt_handler(int signal_number) {
    interrupt_pending = 1;
    if (!pthread_equal(pthread_self(), reading_thread)) pthread_kill(reading_thread, signal_number);
}

int frontline_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    reading_thread = pthread_self();
    action.sa_handler = interrupt_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    // A parent may have started frontline with SIGINT blocked; the handler is useless unless it runs.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
}

int frontline_take_interrupt(void) {
    int pending = interrupt_pending;
    interrupt_pending = 0;
    return pending;
}

int frontline_interrupt_is_pending(void) { return interrupt_pending; }

int frontline_take_empty_line_interrupt(void) {
    int interrupted = empty_line_interrupted;
    empty_line_interrupted = 0;
    return interrupted;
}

// Waking the reader. A background thread (the vectors' build) cannot touch readline, which is not
// thread-safe; it writes a byte to a pipe instead, and the reading thread, which waits on the
// terminal and the pipe together, runs the wake hook in ordinary code, where the prompt may be
// redrawn.

static int wake_pipe[2] = {-1, -1};
static volatile sig_atomic_t wake_pending = 0;
static void (*wake_hook)(void) = NULL;

int frontline_open_wake(void (*hook)(void)) {
    wake_hook = hook;
    if (wake_pipe[0] >= 0) return 0;
    if (pipe(wake_pipe) != 0) return -1;
    // Not inherited by the pager or any other program frontline starts.
    fcntl(wake_pipe[0], F_SETFD, FD_CLOEXEC);
    fcntl(wake_pipe[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

void frontline_wake_reader(void) {
    if (wake_pipe[1] < 0 || wake_pending) return;
    wake_pending = 1;
    char byte = 1;
    if (write(wake_pipe[1], &byte, 1) != 1) wake_pending = 0;
}

/// Waits until the terminal has input: 1 when it has, 0 on an error, -1 when a signal interrupted
/// the wait. Runs the wake hook each time the pipe is written meanwhile.
static int wait_for_input(int terminal) {
    if (wake_pipe[0] < 0) return 1;
    for (;;) {
        struct pollfd watched[2] = {{terminal, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
        if (poll(watched, 2, -1) < 0) return errno == EINTR ? -1 : 0;
        if (watched[1].revents & POLLIN) {
            char byte;
            // Cleared before the hook runs, so that progress made meanwhile wakes it again.
            if (read(wake_pipe[0], &byte, 1) == 1) wake_pending = 0;
            if (wake_hook) (*wake_hook)();
        }
        if (watched[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) return 1;
    }
}

/// readline's character reader: like rl_getc, except that it runs the wake hook whenever another
/// thread wakes it while it waits, and that Ctrl-C on an empty line reads as a newline. Ctrl-C on a
/// line with text runs the signal event hook, which clears the line. Signals readline handles itself
/// (a window resize) are passed on to it.
static int interrupting_getc(FILE *stream) {
    for (;;) {
        int waited = wait_for_input(fileno(stream));
        if (waited == 1) {
            unsigned char character;
            ssize_t count = read(fileno(stream), &character, 1);
            if (count == 1) return character;
            if (count == 0 || errno != EINTR) return EOF;
        } else if (waited == 0) {
            return EOF;
        }
        rl_check_signals();
        if (interrupt_pending && rl_end == 0) {
            interrupt_pending = 0;
            empty_line_interrupted = 1;
            return '\n';
        }
        if (rl_signal_event_hook) (*rl_signal_event_hook)();
    }
}

void frontline_rl_use_interrupting_getc(void) { rl_getc_function = interrupting_getc; }

int frontline_rl_replace_prompt(const char *prompt) {
    if (RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH | RL_STATE_SEARCH | RL_STATE_NUMERICARG | RL_STATE_COMPLETING |
                   RL_STATE_MOREINPUT | RL_STATE_CHARSEARCH))
        return 0;
    rl_set_prompt(prompt);
    rl_redisplay();
    return 1;
}
