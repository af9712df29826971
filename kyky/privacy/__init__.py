"""Personal data kept only as long as needed (GDPR): retention, a user's export, deleting an account."""
