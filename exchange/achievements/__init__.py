"""Achievements (成果): patents and technical breakthroughs published by studios."""
