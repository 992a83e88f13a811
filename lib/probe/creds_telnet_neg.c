/*
 * creds_telnet_neg.c - the client side of telnet option negotiation and
 * the reading of login prompts (creds_text.h). Pure: fed canned bytes by
 * the unit test and the fuzzer.
 */
#include <ctype.h>
#include <string.h>

#include "lib/probe/creds_text.h"

enum { TN_DATA, TN_IAC, TN_OPT, TN_SB, TN_SB_IAC, TN_CR };

static void tn_reply(unsigned char *reply, size_t cap, size_t *len,
		     unsigned char verb, unsigned char opt)
{
	if (*len + 3 > cap)
		return;     /* the caller's buffer is full: answer later never */
	reply[(*len)++] = JCSI_TN_IAC;
	reply[(*len)++] = verb;
	reply[(*len)++] = opt;
}

/* One option command from the server. asked[] bit 1: our DO/DONT sent,
   bit 2: our WONT sent; each answer goes out once (no loops). */
static void tn_option(struct jcsi_telnet *t, unsigned char verb,
		      unsigned char opt, unsigned char *reply, size_t cap,
		      size_t *len)
{
	int want = opt == JCSI_TN_ECHO || opt == JCSI_TN_SGA;

	switch (verb) {
	case JCSI_TN_WILL:
		if (t->asked[opt] & 1)
			return;
		t->asked[opt] |= 1;
		tn_reply(reply, cap, len, want ? JCSI_TN_DO : JCSI_TN_DONT, opt);
		return;
	case JCSI_TN_DO:
		if (t->asked[opt] & 2)
			return;
		t->asked[opt] |= 2;
		/* SGA both ways is what character-mode servers expect; all
		   else (terminal type, window size, ...) we do not do */
		tn_reply(reply, cap, len,
			 opt == JCSI_TN_SGA ? JCSI_TN_WILL : JCSI_TN_WONT, opt);
		return;
	default:
		/* WONT/DONT: the server turns an option off; our side of
		   every option is already off, nothing to answer */
		return;
	}
}

void jcsi_telnet_feed(struct jcsi_telnet *t, const unsigned char *in,
		      size_t n, char *text, size_t textcap, size_t *textlen,
		      unsigned char *reply, size_t replycap, size_t *replylen)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];

		switch (t->state) {
		case TN_CR:
			t->state = TN_DATA;
			if (c == 0)
				break;      /* CR NUL is a bare CR */
			/* fall through */
		case TN_DATA:
			if (c == JCSI_TN_IAC) {
				t->state = TN_IAC;
				break;
			}
			if (c == '\r')
				t->state = TN_CR;
			if (c != 0 && *textlen < textcap)
				text[(*textlen)++] = (char)c;
			break;
		case TN_IAC:
			if (c == JCSI_TN_IAC) {     /* escaped 255 */
				if (*textlen < textcap)
					text[(*textlen)++] = (char)c;
				t->state = TN_DATA;
			} else if (c >= JCSI_TN_WILL) {
				t->verb = c;
				t->state = TN_OPT;
			} else if (c == JCSI_TN_SB) {
				t->state = TN_SB;
			} else {
				t->state = TN_DATA; /* NOP, GA, AYT...: nothing */
			}
			break;
		case TN_OPT:
			tn_option(t, t->verb, c, reply, replycap, replylen);
			t->state = TN_DATA;
			break;
		case TN_SB:
			if (c == JCSI_TN_IAC)
				t->state = TN_SB_IAC;
			break;
		case TN_SB_IAC:
			t->state = c == JCSI_TN_SE ? TN_DATA : TN_SB;
			break;
		}
	}
}

/* Case-insensitive search for the lowercase word W in TEXT[0..LEN). */
static const char *tn_find(const char *text, size_t len, const char *w)
{
	size_t wl = strlen(w);

	for (size_t i = 0; i + wl <= len; i++) {
		size_t k = 0;

		while (k < wl && tolower((unsigned char)text[i + k]) == w[k])
			k++;
		if (k == wl)
			return text + i;
	}
	return NULL;
}

static int tn_ends_with(const char *text, size_t len, const char *w)
{
	size_t wl = strlen(w);

	if (len < wl)
		return 0;
	for (size_t k = 0; k < wl; k++)
		if (tolower((unsigned char)text[len - wl + k]) != w[k])
			return 0;
	return 1;
}

enum jcsi_prompt jcsi_prompt_kind(const char *text, size_t len)
{
	/* words of a refused login; "failed" only before a new prompt:
	   "There were 2 failed login attempts" opens a good session */
	static const char *const rejected[] = {
		"incorrect", "denied", "invalid", "bad password",
		"authentication failure", "failed",
	};
	const size_t strong = 5;
	int rej = 0, rej_strong = 0;

	for (size_t i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++)
		if (tn_find(text, len, rejected[i])) {
			rej = 1;
			rej_strong |= i < strong;
		}
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
		       text[len - 1] == '\r' || text[len - 1] == '\n'))
		len--;
	/* what the text ends with first: a shell prompt after a banner
	   that says "failed" is a shell */
	if (tn_ends_with(text, len, "password:"))
		return rej ? JCSI_PROMPT_REJECTED : JCSI_PROMPT_PASSWORD;
	if (tn_ends_with(text, len, "login:") ||
	    tn_ends_with(text, len, "username:") ||
	    tn_ends_with(text, len, "user name:") ||
	    tn_ends_with(text, len, "user:"))
		return rej ? JCSI_PROMPT_REJECTED : JCSI_PROMPT_LOGIN;
	if (len && strchr("#$>%", text[len - 1]))
		return JCSI_PROMPT_SHELL;
	return rej_strong ? JCSI_PROMPT_REJECTED : JCSI_PROMPT_NONE;
}
