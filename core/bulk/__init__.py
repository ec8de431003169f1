"""The bulk engine: import thousands of numbers into a contact list safely, and export lists.

Headless (no Textual, no Slack): `reading` and `columns` turn a CRM export into rows, `checking`
validates every number with phonenumbers, `plan` is the dry run, `report` its counts, `lists` the
one interface to Kore.ai the engine uses, `journal` the crash-safe record of a job, `sending` the
paced, resumable send and verification, `export` the way out.
"""
