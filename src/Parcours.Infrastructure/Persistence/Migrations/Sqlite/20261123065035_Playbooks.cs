using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Sqlite
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
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TriggerEvent = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EventNames = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 400000, nullable: false),
                    StepTemplates = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlaybookVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlaybookKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnrolledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    NextDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OnboardedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastProgressAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CsmId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ManagerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MentorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HrId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EnrolledBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    By = table.Column<Guid>(type: "TEXT", nullable: true)
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
