using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_events",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_WorkspaceId_MessageId",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_WorkspaceId_Timestamp",
                table: "events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_events",
                table: "events",
                columns: new[] { "WorkspaceId", "Timestamp", "Id" });

            migrationBuilder.CreateTable(
                name: "adoption_settings",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoginEvents = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    InactivityDays = table.Column<int>(type: "INTEGER", nullable: false),
                    InactivityDaysBySegment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adoption_settings", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_adoption_settings_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_identities",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 257, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_identities", x => new { x.WorkspaceId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "event_message_ids",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_message_ids", x => new { x.WorkspaceId, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "features",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Pattern = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_features", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_features_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "usage_days",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectKind = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Events = table.Column<int>(type: "INTEGER", nullable: false),
                    ActiveUsers = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_days", x => new { x.WorkspaceId, x.SubjectKind, x.SubjectKey, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "usage_event_days",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectKind = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_event_days", x => new { x.WorkspaceId, x.SubjectKind, x.SubjectKey, x.Day, x.EventName });
                });

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_AnonymousId",
                table: "events",
                columns: new[] { "WorkspaceId", "AnonymousId" });

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_ReceivedAt",
                table: "events",
                columns: new[] { "WorkspaceId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_event_identities_WorkspaceId_UserId",
                table: "event_identities",
                columns: new[] { "WorkspaceId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_features_WorkspaceId_Name",
                table: "features",
                columns: new[] { "WorkspaceId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_usage_days_WorkspaceId_SubjectKind_Day",
                table: "usage_days",
                columns: new[] { "WorkspaceId", "SubjectKind", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_event_days_WorkspaceId_SubjectKind_EventName_Day",
                table: "usage_event_days",
                columns: new[] { "WorkspaceId", "SubjectKind", "EventName", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adoption_settings");

            migrationBuilder.DropTable(
                name: "event_identities");

            migrationBuilder.DropTable(
                name: "event_message_ids");

            migrationBuilder.DropTable(
                name: "features");

            migrationBuilder.DropTable(
                name: "usage_days");

            migrationBuilder.DropTable(
                name: "usage_event_days");

            migrationBuilder.DropPrimaryKey(
                name: "PK_events",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_WorkspaceId_AnonymousId",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_WorkspaceId_ReceivedAt",
                table: "events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_events",
                table: "events",
                columns: new[] { "WorkspaceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_MessageId",
                table: "events",
                columns: new[] { "WorkspaceId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_WorkspaceId_Timestamp",
                table: "events",
                columns: new[] { "WorkspaceId", "Timestamp" });
        }
    }
}
