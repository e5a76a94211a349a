"""What a teacher reads: item analysis, a class's results and players' flags."""
