"""Action items ("tindak lanjut") from minutes and mentoring: one model, one "Tugas saya" page, one reminder rule."""
