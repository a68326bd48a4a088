using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TemplateOverrides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotificationTemplateOverrides",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CentreId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Html = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationTemplateOverrides", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationTemplateOverrides_CentreId_TemplateKey_Channel",
                table: "NotificationTemplateOverrides",
                columns: new[] { "CentreId", "TemplateKey", "Channel" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationTemplateOverrides");
        }
    }
}
