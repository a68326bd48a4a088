using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GamificationLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StudentBadges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    BadgeKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EarnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentBadges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StudentProgress",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    TotalXp = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    LastAwardAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExercisesCompleted = table.Column<int>(type: "integer", nullable: false),
                    PerfectScores = table.Column<int>(type: "integer", nullable: false),
                    HomeworkOnTime = table.Column<int>(type: "integer", nullable: false),
                    LessonsAttended = table.Column<int>(type: "integer", nullable: false),
                    LevelsMastered = table.Column<int>(type: "integer", nullable: false),
                    BestStreak = table.Column<int>(type: "integer", nullable: false),
                    LeaderboardOptIn = table.Column<bool>(type: "boolean", nullable: false),
                    LeaderboardBlockedByParent = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentProgress", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "XpLedger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_XpLedger", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StudentBadges_StudentId_BadgeKey",
                table: "StudentBadges",
                columns: new[] { "StudentId", "BadgeKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudentProgress_CentreId_TotalXp",
                table: "StudentProgress",
                columns: new[] { "CentreId", "TotalXp" });

            migrationBuilder.CreateIndex(
                name: "IX_StudentProgress_StudentId",
                table: "StudentProgress",
                column: "StudentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_XpLedger_CentreId_OccurredAt",
                table: "XpLedger",
                columns: new[] { "CentreId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_XpLedger_StudentId_Id",
                table: "XpLedger",
                columns: new[] { "StudentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_XpLedger_StudentId_Source_SourceId",
                table: "XpLedger",
                columns: new[] { "StudentId", "Source", "SourceId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StudentBadges");

            migrationBuilder.DropTable(
                name: "StudentProgress");

            migrationBuilder.DropTable(
                name: "XpLedger");
        }
    }
}
