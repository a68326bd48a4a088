using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GamificationLeaderboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Leaderboards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PeriodEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StaleSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Changes = table.Column<long>(type: "bigint", nullable: false),
                    ClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RankedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Leaderboards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LeaderboardPlaces",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeaderboardId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Xp = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    ReachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeaderboardPlaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeaderboardPlaces_Leaderboards_LeaderboardId",
                        column: x => x.LeaderboardId,
                        principalTable: "Leaderboards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LeaderboardPlaces_LeaderboardId_Rank",
                table: "LeaderboardPlaces",
                columns: new[] { "LeaderboardId", "Rank" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LeaderboardPlaces_LeaderboardId_StudentId",
                table: "LeaderboardPlaces",
                columns: new[] { "LeaderboardId", "StudentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leaderboards_CentreId_Period",
                table: "Leaderboards",
                columns: new[] { "CentreId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leaderboards_StaleSince",
                table: "Leaderboards",
                column: "StaleSince");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LeaderboardPlaces");

            migrationBuilder.DropTable(
                name: "Leaderboards");
        }
    }
}
