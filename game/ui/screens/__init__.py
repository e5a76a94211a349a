"""The screens of the quiz app: home, quiz, results, leaderboard and history."""
