using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ingestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    AnonymousId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    PreviousId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Context = table.Column<string>(type: "TEXT", nullable: true),
                    WriteKeyId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_events_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "write_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_write_keys", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_write_keys_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_MessageId",
                table: "events",
                columns: new[] { "WorkspaceId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_Timestamp",
                table: "events",
                columns: new[] { "WorkspaceId", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_write_keys_Prefix",
                table: "write_keys",
                column: "Prefix",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "write_keys");
        }
    }
}
