using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AetherLearn.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CentreId = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Body = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Html = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
