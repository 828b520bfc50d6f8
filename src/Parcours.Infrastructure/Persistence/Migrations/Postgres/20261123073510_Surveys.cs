using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_plans",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JourneyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PointKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_plans", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_action_plans_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "callbacks",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ResponseId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    JourneyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PointKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uuid", nullable: false),
                    EscalatedToId = table.Column<Guid>(type: "uuid", nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EscalatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Reasons = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Attempts = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    RecoveryInvitationId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_callbacks", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_callbacks_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journeys",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Definition = table.Column<string>(type: "character varying(400000)", maxLength: 400000, nullable: false),
                    TriggerEvents = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journeys", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_journeys_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_aggregates",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    JourneyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StageKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PointKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Measure = table.Column<int>(type: "integer", nullable: false),
                    Answers = table.Column<int>(type: "integer", nullable: false),
                    High = table.Column<int>(type: "integer", nullable: false),
                    Low = table.Column<int>(type: "integer", nullable: false),
                    Sum = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_aggregates", x => new { x.WorkspaceId, x.JourneyKey, x.StageKey, x.PointKey, x.Month, x.Measure });
                    table.ForeignKey(
                        name: "FK_survey_aggregates_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_invitations",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JourneyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StageKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PointKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SurveyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Wave = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    InvitedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RemindedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_invitations", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_survey_invitations_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InvitationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    JourneyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StageKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PointKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SurveyKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Product = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Answers = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    HeadlineMeasure = table.Column<int>(type: "integer", nullable: true),
                    HeadlineScore = table.Column<int>(type: "integer", nullable: true),
                    Verbatim = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    TestimonialConsent = table.Column<bool>(type: "boolean", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_responses", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_survey_responses_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Definition = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => new { x.WorkspaceId, x.Id });
                    table.ForeignKey(
                        name: "FK_surveys_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_plans_WorkspaceId_JourneyKey_PointKey",
                table: "action_plans",
                columns: new[] { "WorkspaceId", "JourneyKey", "PointKey" });

            migrationBuilder.CreateIndex(
                name: "IX_callbacks_WorkspaceId_AccountId",
                table: "callbacks",
                columns: new[] { "WorkspaceId", "AccountId" });

            migrationBuilder.CreateIndex(
                name: "IX_callbacks_WorkspaceId_AssigneeId_ClosedAt_DueAt",
                table: "callbacks",
                columns: new[] { "WorkspaceId", "AssigneeId", "ClosedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_callbacks_WorkspaceId_ResponseId",
                table: "callbacks",
                columns: new[] { "WorkspaceId", "ResponseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journeys_WorkspaceId_Key",
                table: "journeys",
                columns: new[] { "WorkspaceId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitations_WorkspaceId_IdempotencyKey",
                table: "survey_invitations",
                columns: new[] { "WorkspaceId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitations_WorkspaceId_JourneyKey_PointKey_InvitedAt",
                table: "survey_invitations",
                columns: new[] { "WorkspaceId", "JourneyKey", "PointKey", "InvitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitations_WorkspaceId_MessageId",
                table: "survey_invitations",
                columns: new[] { "WorkspaceId", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitations_WorkspaceId_PersonId",
                table: "survey_invitations",
                columns: new[] { "WorkspaceId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_WorkspaceId_AccountId_AnsweredAt",
                table: "survey_responses",
                columns: new[] { "WorkspaceId", "AccountId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_WorkspaceId_InvitationId",
                table: "survey_responses",
                columns: new[] { "WorkspaceId", "InvitationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_WorkspaceId_JourneyKey_PointKey_AnsweredAt",
                table: "survey_responses",
                columns: new[] { "WorkspaceId", "JourneyKey", "PointKey", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_WorkspaceId_PersonId_AnsweredAt",
                table: "survey_responses",
                columns: new[] { "WorkspaceId", "PersonId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_WorkspaceId_Key",
                table: "surveys",
                columns: new[] { "WorkspaceId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_plans");

            migrationBuilder.DropTable(
                name: "callbacks");

            migrationBuilder.DropTable(
                name: "journeys");

            migrationBuilder.DropTable(
                name: "survey_aggregates");

            migrationBuilder.DropTable(
                name: "survey_invitations");

            migrationBuilder.DropTable(
                name: "survey_responses");

            migrationBuilder.DropTable(
                name: "surveys");
        }
    }
}
