using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HomeworkOverdueReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OverdueReminders",
                table: "Homework",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Homework_SubmittedAt_DueAt",
                table: "Homework",
                columns: new[] { "SubmittedAt", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Homework_SubmittedAt_DueAt",
                table: "Homework");

            migrationBuilder.DropColumn(
                name: "OverdueReminders",
                table: "Homework");
        }
    }
}
