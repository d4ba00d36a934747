#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

// Swift 6 rejects direct use of the C globals stdin/stdout/stderr; expose them through functions.
static inline FILE *clibedit_stdin(void)  { return stdin; }
static inline FILE *clibedit_stdout(void) { return stdout; }
static inline FILE *clibedit_stderr(void) { return stderr; }

// el_set(), el_get() and history() are C-variadic, which Swift cannot call: fixed-arity wrappers.
static inline int clibedit_set_prompt(EditLine *el, char *(*fn)(EditLine *)) { return el_set(el, EL_PROMPT, fn); }
static inline int clibedit_set_editor(EditLine *el, const char *mode)       { return el_set(el, EL_EDITOR, mode); }
static inline int clibedit_set_history(EditLine *el, History *h)           { return el_set(el, EL_HIST, history, h); }
static inline int clibedit_set_signal(EditLine *el, int on)                { return el_set(el, EL_SIGNAL, on); }
static inline int clibedit_set_tty(EditLine *el, const char *a, const char *b, const char *c) { return el_set(el, EL_SETTY, a, b, c, NULL); }
static inline int clibedit_set_clientdata(EditLine *el, void *data)        { return el_set(el, EL_CLIENTDATA, data); }
static inline void *clibedit_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int clibedit_add_function(EditLine *el, const char *name, const char *help,
                                        unsigned char (*fn)(EditLine *, int)) { return el_set(el, EL_ADDFN, name, help, fn); }
static inline int clibedit_bind(EditLine *el, const char *key, const char *fname) { return el_set(el, EL_BIND, key, fname, NULL); }
static inline int clibedit_history_setsize(History *h, HistEvent *ev, int n)          { return history(h, ev, H_SETSIZE, n); }
static inline int clibedit_history_setunique(History *h, HistEvent *ev, int n)        { return history(h, ev, H_SETUNIQUE, n); }
static inline int clibedit_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }
static inline int clibedit_history_load(History *h, HistEvent *ev, const char *path)  { return history(h, ev, H_LOAD, path); }
static inline int clibedit_history_save(History *h, HistEvent *ev, const char *path)  { return history(h, ev, H_SAVE, path); }
static inline int clibedit_history_getsize(History *h, HistEvent *ev)                { return history(h, ev, H_GETSIZE); }
static inline int clibedit_history_last(History *h, HistEvent *ev)                   { return history(h, ev, H_LAST); }
static inline int clibedit_history_prev(History *h, HistEvent *ev)                   { return history(h, ev, H_PREV); }
static inline int clibedit_history_clear(History *h, HistEvent *ev)                  { return history(h, ev, H_CLEAR); }
#endif
