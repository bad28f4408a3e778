"""Email: contacts, the outbox and its sender, and the messages built on them (minutes circulation,
meeting invitations with a calendar entry, reminder digests). Every message is queued in the outbox
first, in its recipient's language, and sent over SMTP or downloaded as an .eml file."""
