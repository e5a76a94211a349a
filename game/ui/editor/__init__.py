"""The pack editor (`civic-quiz edit`, `e` on the home screen): its screen, dialogs and app."""
