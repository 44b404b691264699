// Each test file gets its own session secret and never touches the developer's ./data database.
process.env.SESSION_SECRET ??= "test-secret-0123456789abcdef";
process.env.DATABASE_URL ??= "/nonexistent/jiedu-tests-must-use-createTestDb.db";
