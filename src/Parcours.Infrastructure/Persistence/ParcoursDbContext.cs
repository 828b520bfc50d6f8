using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Playbooks;
using Parcours.Infrastructure.Surveys;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Infrastructure.Persistence;

/// <summary>
/// The one DbContext. Every <see cref="ITenantOwned"/> entity is filtered on the scope's workspace, and a write to a row
/// of another workspace throws: isolation does not depend on each handler remembering a Where clause.
/// Each provider has its own subclass so that each keeps its own migrations.
/// </summary>
public abstract class ParcoursDbContext(DbContextOptions options, WorkspaceScope scope)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";
    public const string SoftDeleteFilter = "SoftDelete";

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Stakeholder> Stakeholders => Set<Stakeholder>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<WriteKey> WriteKeys => Set<WriteKey>();

    public DbSet<RawEvent> Events => Set<RawEvent>();

    public DbSet<EventMessageId> EventMessageIds => Set<EventMessageId>();

    public DbSet<EventIdentity> EventIdentities => Set<EventIdentity>();

    public DbSet<UsageDay> UsageDays => Set<UsageDay>();

    public DbSet<UsageEventDay> UsageEventDays => Set<UsageEventDay>();

    public DbSet<FeatureDefinition> Features => Set<FeatureDefinition>();

    public DbSet<AdoptionSettings> AdoptionSettings => Set<AdoptionSettings>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();

    public DbSet<AgendaEffect> AgendaEffects => Set<AgendaEffect>();

    public DbSet<OutboundMessage> Messages => Set<OutboundMessage>();

    public DbSet<MessageLink> MessageLinks => Set<MessageLink>();

    public DbSet<ContactOptOut> ContactOptOuts => Set<ContactOptOut>();

    public DbSet<MessageTemplateRow> MessageTemplates => Set<MessageTemplateRow>();

    public DbSet<SolicitationSetting> SolicitationSettings => Set<SolicitationSetting>();

    public DbSet<TeamTask> TeamTasks => Set<TeamTask>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>The keys that encrypt sign-in cookies, shared by every node so any node can read any cookie.</summary>
    public DbSet<PlaybookVersionRow> PlaybookVersions => Set<PlaybookVersionRow>();

    public DbSet<EnrolmentRow> Enrolments => Set<EnrolmentRow>();

    public DbSet<EnrolmentFact> EnrolmentFacts => Set<EnrolmentFact>();

    public DbSet<ApprovalRequestRow> ApprovalRequests => Set<ApprovalRequestRow>();

    public DbSet<SurveyRow> Surveys => Set<SurveyRow>();

    public DbSet<JourneyRow> Journeys => Set<JourneyRow>();

    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();

    public DbSet<SurveyResponseRow> SurveyResponses => Set<SurveyResponseRow>();

    public DbSet<SurveyAggregateRow> SurveyAggregates => Set<SurveyAggregateRow>();

    public DbSet<CallbackRow> Callbacks => Set<CallbackRow>();

    public DbSet<ActionPlanRow> ActionPlans => Set<ActionPlanRow>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Read by the query filter at each execution; an empty scope matches no row.</summary>
    public WorkspaceId CurrentWorkspaceId => scope.Current ?? default;

    public WorkspaceScope Scope => scope;

    /// <summary>Set when an agenda item was scheduled inside an open transaction: the worker is woken at its commit.</summary>
    internal bool AgendaNudgeOnCommit { get; set; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<WorkspaceId>().HaveConversion<TypedIdConverter<WorkspaceId>>();
        configurationBuilder.Properties<AccountId>().HaveConversion<TypedIdConverter<AccountId>>();
        configurationBuilder.Properties<PersonId>().HaveConversion<TypedIdConverter<PersonId>>();
        configurationBuilder.Properties<UserId>().HaveConversion<TypedIdConverter<UserId>>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ParcoursDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var row = Expression.Parameter(entityType.ClrType, "row");
            var sameWorkspace = Expression.Equal(
                Expression.Property(row, nameof(ITenantOwned.WorkspaceId)),
                Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId)));
            builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, Expression.Lambda(sameWorkspace, row));
        }

        builder.Entity<Account>().HasQueryFilter(SoftDeleteFilter, a => a.DeletedAt == null);
        builder.Entity<Person>().HasQueryFilter(SoftDeleteFilter, p => p.DeletedAt == null);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardWorkspace();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardWorkspace();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void GuardWorkspace()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (scope.Current is not { } current || entry.Entity.WorkspaceId != current)
            {
                throw new InvalidOperationException(
                    $"Refused to write a {entry.Metadata.ClrType.Name} outside the current workspace.");
            }
        }
    }
}
