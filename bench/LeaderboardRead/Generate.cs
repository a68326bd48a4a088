using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The bench data, made by PostgreSQL itself (INSERT … SELECT over generate_series): students in one centre, a ledger
/// spread over 400 days, running totals from it, and half the students opted in.
/// </summary>
internal static class Generate
{
    public static async Task AllAsync(AetherDbContext db, Guid centre, int students, long rows)
    {
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Users" ("Id","AccessFailedCount","CentreId","CreatedAt","DisplayName","Email","EmailConfirmed","IsActive","LockoutEnabled",
                "NormalizedEmail","NormalizedUserName","PhoneNumberConfirmed","Role","TwoFactorEnabled","UserName","SecurityStamp")
            SELECT gen_random_uuid(), 0, {0}, now(), 'Bench Student ' || i, 'bench' || i || '@bench.test', true, true, false,
                upper('bench' || i || '@bench.test'), upper('bench' || i || '@bench.test'), false, 'Student', false, 'bench' || i || '@bench.test', md5(i::text)
            FROM generate_series(1, {1}) AS i
            """, centre, students);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE UNLOGGED TABLE bench_students AS
            SELECT "Id", (row_number() OVER (ORDER BY "Id")) - 1 AS n FROM "Users" WHERE "Email" LIKE 'bench%@bench.test';
            CREATE UNIQUE INDEX ON bench_students (n);
            """);
        // Loading 10 million rows into a table with four B-trees row by row is slow; the same indexes are built after, in bulk.
        await db.Database.ExecuteSqlRawAsync("""
            ALTER TABLE "XpLedger" DROP CONSTRAINT "PK_XpLedger";
            DROP INDEX "IX_XpLedger_CentreId_OccurredAt"; DROP INDEX "IX_XpLedger_StudentId_Id"; DROP INDEX "IX_XpLedger_StudentId_Source_SourceId";
            """);
        const long chunk = 1_000_000;
        for (long from = 1; from <= rows; from += chunk)
        {
            var to = Math.Min(rows, from + chunk - 1);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "XpLedger" ("Id","Amount","CentreId","OccurredAt","Source","SourceId","StudentId")
                SELECT gen_random_uuid(), 5 + (i % 21), {0}, now() - random() * interval '400 days', 'Exercise', 'bench-' || i, s."Id"
                FROM generate_series({1}::bigint, {2}::bigint) AS i JOIN bench_students s ON s.n = i % {3}
                """, centre, from, to, students);
            Console.WriteLine($"  ledger rows {to:N0}");
        }
        await db.Database.ExecuteSqlRawAsync("""
            SET maintenance_work_mem = '1GB';
            ALTER TABLE "XpLedger" ADD CONSTRAINT "PK_XpLedger" PRIMARY KEY ("Id");
            CREATE INDEX "IX_XpLedger_CentreId_OccurredAt" ON "XpLedger" ("CentreId", "OccurredAt");
            CREATE INDEX "IX_XpLedger_StudentId_Id" ON "XpLedger" ("StudentId", "Id");
            CREATE UNIQUE INDEX "IX_XpLedger_StudentId_Source_SourceId" ON "XpLedger" ("StudentId", "Source", "SourceId");
            """);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "StudentProgress" ("Id","BestStreak","CentreId","ExercisesCompleted","HomeworkOnTime","LastAwardAt","LeaderboardBlockedByParent",
                "LeaderboardOptIn","LessonsAttended","Level","LevelsMastered","PerfectScores","StudentId","TotalXp")
            SELECT gen_random_uuid(), 0, {0}, count(*), 0, max(x."OccurredAt"), false, random() < 0.5, 0,
                floor((1 + sqrt(1 + 4 * sum(x."Amount") / 50.0)) / 2), 0, 0, x."StudentId", sum(x."Amount")
            FROM "XpLedger" x JOIN bench_students s ON s."Id" = x."StudentId" GROUP BY x."StudentId";
            DROP TABLE bench_students;
            ANALYZE;
            """, centre);
    }
}
