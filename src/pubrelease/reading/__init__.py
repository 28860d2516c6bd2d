"""Reading a returned PDF into a record of what it shows, without verdicts."""
