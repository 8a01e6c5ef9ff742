// Registers the checks that need other rooms (lab scenarios, quizzes). Imported by the checker.
export {};
