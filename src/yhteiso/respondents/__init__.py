"""The ground floor of the resident-facing apps (surveys, map surveys, participatory budgeting): respondent
languages and phrases, open periods, submission checks and idempotency, rate limits, anonymity keys and the frozen
result releases. It knows no app's models: each app hands in its own."""
