using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GamificationProgressVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HighestLevel",
                table: "StudentProgress",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "StudentProgress",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Levels already reached were celebrated: reaching them again after a correction is not new.
            migrationBuilder.Sql("UPDATE \"StudentProgress\" SET \"HighestLevel\" = \"Level\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HighestLevel",
                table: "StudentProgress");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "StudentProgress");
        }
    }
}
