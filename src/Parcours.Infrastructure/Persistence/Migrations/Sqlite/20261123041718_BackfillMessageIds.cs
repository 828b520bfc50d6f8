using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parcours.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BackfillMessageIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written (ADR 5), apart from UsageRollups because SQLite rebuilds the events table there: the message
            // ids already stored keep deduplicating retries.
            migrationBuilder.Sql("""INSERT INTO event_message_ids ("WorkspaceId", "MessageId") SELECT "WorkspaceId", "MessageId" FROM events;""");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM event_message_ids;");

        }
    }
}
