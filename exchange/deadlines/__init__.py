"""Response deadlines on the Chinese working calendar: who must act by when, reminders
before, the mediator alerted after."""
