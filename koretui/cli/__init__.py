"""`kore`: the command-line front end, generated from the same catalog as the TUI and Slack.

Data goes to stdout (JSON with `--json`), narration and progress to stderr, so scripts can pipe
one and read the other. Exit codes: 0 ok, 1 API error, 2 bad input or settings, 3 interrupted.
"""
