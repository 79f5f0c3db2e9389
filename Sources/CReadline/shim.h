#ifndef FRONTLINE_CREADLINE_SHIM_H
#define FRONTLINE_CREADLINE_SHIM_H
// readline.h uses FILE without including stdio.h itself.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 treats readline's C globals as unsafe shared state; the Terminal module sets and reads
// them only through these functions. readline keeps the pointers it is given: pass strdup'ed strings.

static inline int frontline_history_length(void) { return history_length; }

static inline int frontline_history_base(void) { return history_base; }

static inline void frontline_rl_set_readline_name(const char *name) { rl_readline_name = name; }

static inline void frontline_rl_set_attempted_completion_function(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

static inline void frontline_rl_set_completer_word_break_characters(char *characters) {
    rl_completer_word_break_characters = characters;
}

static inline void frontline_rl_set_completion_word_break_hook(rl_cpvfunc_t *function) {
    rl_completion_word_break_hook = function;
}

static inline void frontline_rl_set_completion_display_matches_hook(rl_compdisp_func_t *function) {
    rl_completion_display_matches_hook = function;
}

/// Stops readline from falling back to file-name completion when frontline has no candidates.
static inline void frontline_rl_set_attempted_completion_over(int value) { rl_attempted_completion_over = value; }

static inline void frontline_rl_set_completion_append_character(int character) {
    rl_completion_append_character = character;
}

static inline void frontline_rl_set_catch_signals(int value) { rl_catch_signals = value; }

static inline void frontline_rl_set_signal_event_hook(rl_hook_func_t *function) { rl_signal_event_hook = function; }

static inline void frontline_rl_set_output_stream(FILE *stream) { rl_outstream = stream; }

static inline FILE *frontline_stdout(void) { return stdout; }

static inline const char *frontline_rl_line_buffer(void) { return rl_line_buffer; }

static inline int frontline_rl_point(void) { return rl_point; }

static inline int frontline_rl_end(void) { return rl_end; }

#endif
