using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Postgres
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
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    LoginEvents = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    InactivityDays = table.Column<int>(type: "integer", nullable: false),
                    InactivityDaysBySegment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
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
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(257)", maxLength: 257, nullable: false),
                    UserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    GroupId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_identities", x => new { x.WorkspaceId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "event_message_ids",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_message_ids", x => new { x.WorkspaceId, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "features",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Pattern = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Weight = table.Column<int>(type: "integer", nullable: false)
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
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectKind = table.Column<int>(type: "integer", nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Events = table.Column<int>(type: "integer", nullable: false),
                    ActiveUsers = table.Column<int>(type: "integer", nullable: false),
                    AccountKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_days", x => new { x.WorkspaceId, x.SubjectKind, x.SubjectKey, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "usage_event_days",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectKind = table.Column<int>(type: "integer", nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    EventName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
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

            // Hand-written (ADR 5): EF cannot declare a partitioned table. Events become a table partitioned by month on
            // their timestamp; the writer creates each month's partition before its first event. Existing rows move over.
            migrationBuilder.Sql("""
                ALTER TABLE events RENAME TO events_heap;
                ALTER TABLE events_heap DROP CONSTRAINT "PK_events";
                ALTER TABLE events_heap DROP CONSTRAINT "FK_events_workspaces_WorkspaceId";
                DROP INDEX "IX_events_WorkspaceId_AnonymousId";
                DROP INDEX "IX_events_WorkspaceId_ReceivedAt";
                CREATE TABLE events (LIKE events_heap INCLUDING DEFAULTS) PARTITION BY RANGE ("Timestamp");
                ALTER TABLE events ADD CONSTRAINT "PK_events" PRIMARY KEY ("WorkspaceId", "Timestamp", "Id");
                ALTER TABLE events ADD CONSTRAINT "FK_events_workspaces_WorkspaceId"
                    FOREIGN KEY ("WorkspaceId") REFERENCES workspaces ("Id") ON DELETE CASCADE;
                CREATE INDEX "IX_events_WorkspaceId_AnonymousId" ON events ("WorkspaceId", "AnonymousId");
                CREATE INDEX "IX_events_WorkspaceId_ReceivedAt" ON events ("WorkspaceId", "ReceivedAt");
                DO $$
                DECLARE month date;
                BEGIN
                    FOR month IN SELECT DISTINCT date_trunc('month', "Timestamp" AT TIME ZONE 'UTC')::date FROM events_heap LOOP
                        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                            'events_' || to_char(month, 'YYYY_MM'),
                            to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
                            to_char(month + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
                    END LOOP;
                END $$;
                INSERT INTO event_message_ids ("WorkspaceId", "MessageId") SELECT "WorkspaceId", "MessageId" FROM events_heap;
                INSERT INTO events SELECT * FROM events_heap;
                DROP TABLE events_heap;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE events_flat (LIKE events INCLUDING DEFAULTS);
                INSERT INTO events_flat SELECT * FROM events;
                DROP TABLE events;
                ALTER TABLE events_flat RENAME TO events;
                ALTER TABLE events ADD CONSTRAINT "PK_events" PRIMARY KEY ("WorkspaceId", "Timestamp", "Id");
                ALTER TABLE events ADD CONSTRAINT "FK_events_workspaces_WorkspaceId"
                    FOREIGN KEY ("WorkspaceId") REFERENCES workspaces ("Id") ON DELETE CASCADE;
                CREATE INDEX "IX_events_WorkspaceId_AnonymousId" ON events ("WorkspaceId", "AnonymousId");
                CREATE INDEX "IX_events_WorkspaceId_ReceivedAt" ON events ("WorkspaceId", "ReceivedAt");
                """);
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
