using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Current = table.Column<int>(type: "integer", nullable: false),
                    Best = table.Column<int>(type: "integer", nullable: false),
                    AliveThrough = table.Column<DateOnly>(type: "date", nullable: true),
                    FreezesHeld = table.Column<int>(type: "integer", nullable: false),
                    BrokenOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LostCount = table.Column<int>(type: "integer", nullable: false),
                    LastRepairOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
