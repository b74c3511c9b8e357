"""Staff of the console: roles and what each may do, accounts, login
throttling, uploads waiting for confirmation, and the figures the console
shows (dashboard, conversation insights)."""
