"""The tally of the Python integration tests: check() counts a passed
assertion or prints and keeps a failed one, finish() prints the totals and
gives the exit status. Apart from scanlib.py (which loads the result schema
and makes the environment hermetic for `jcstar scan` on import) so a test
that needs only the tally, like test_signatures.py, gets nothing else.
"""
failures, passed = [], [0]


def check(cond, msg):
    if cond:
        passed[0] += 1
    else:
        failures.append(msg)
        print("FAIL: " + msg)


def finish():
    print("%d passed, %d failed" % (passed[0], len(failures)))
    return 1 if failures else 0
