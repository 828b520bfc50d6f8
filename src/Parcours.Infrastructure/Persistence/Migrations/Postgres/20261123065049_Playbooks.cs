using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Playbooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "playbook_versions",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TriggerEvent = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EventNames = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Definition = table.Column<string>(type: "character varying(400000)", maxLength: 400000, nullable: false),
                    StepTemplates = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_playbook_versions", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_playbook_versions_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "enrolments",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlaybookVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlaybookKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: true),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EnrolledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    NextDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OnboardedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastProgressAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CsmId = table.Column<Guid>(type: "uuid", nullable: true),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    MentorId = table.Column<Guid>(type: "uuid", nullable: true),
                    HrId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnrolledBy = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enrolments", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_enrolments_playbook_versions_WorkspaceId_PlaybookVersionId",
                        columns: x => new { x.WorkspaceId, x.PlaybookVersionId },
                        principalTable: "playbook_versions",
                        principalColumns: new[] { "WorkspaceId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "enrolment_facts",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    By = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enrolment_facts", x => new { x.WorkspaceId, x.EnrolmentId, x.Kind, x.Key });
                    table.ForeignKey(
                        name: "FK_enrolment_facts_enrolments_WorkspaceId_EnrolmentId",
                        columns: x => new { x.WorkspaceId, x.EnrolmentId },
                        principalTable: "enrolments",
                        principalColumns: new[] { "WorkspaceId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_WorkspaceId_AccountId",
                table: "enrolments",
                columns: new[] { "WorkspaceId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_WorkspaceId_IdempotencyKey",
                table: "enrolments",
                columns: new[] { "WorkspaceId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_WorkspaceId_PersonId",
                table: "enrolments",
                columns: new[] { "WorkspaceId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_WorkspaceId_PlaybookKey_State_Progress",
                table: "enrolments",
                columns: new[] { "WorkspaceId", "PlaybookKey", "State", "Progress" });

            migrationBuilder.CreateIndex(
                name: "IX_enrolments_WorkspaceId_PlaybookVersionId",
                table: "enrolments",
                columns: new[] { "WorkspaceId", "PlaybookVersionId" });

            migrationBuilder.CreateIndex(
                name: "IX_playbook_versions_WorkspaceId_Key_Version",
                table: "playbook_versions",
                columns: new[] { "WorkspaceId", "Key", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_playbook_versions_WorkspaceId_Status_TriggerEvent",
                table: "playbook_versions",
                columns: new[] { "WorkspaceId", "Status", "TriggerEvent" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "enrolment_facts");

            migrationBuilder.DropTable(
                name: "enrolments");

            migrationBuilder.DropTable(
                name: "playbook_versions");
        }
    }
}
