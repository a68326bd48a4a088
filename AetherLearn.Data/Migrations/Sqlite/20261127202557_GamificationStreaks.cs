using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GamificationStreaks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StudentStreaks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CentreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Current = table.Column<int>(type: "INTEGER", nullable: false),
                    Best = table.Column<int>(type: "INTEGER", nullable: false),
                    AliveThrough = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FreezesHeld = table.Column<int>(type: "INTEGER", nullable: false),
                    BrokenOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LostCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LastRepairOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentStreaks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StudentStreaks_CentreId_Current",
                table: "StudentStreaks",
                columns: new[] { "CentreId", "Current" });

            migrationBuilder.CreateIndex(
                name: "IX_StudentStreaks_StudentId_Type",
                table: "StudentStreaks",
                columns: new[] { "StudentId", "Type" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StudentStreaks");
        }
    }
}
