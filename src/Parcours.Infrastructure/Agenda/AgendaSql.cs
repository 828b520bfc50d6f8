using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Agenda;

/// <summary>
/// Parameters for raw statements run on a caller's context (and so inside its transaction). EF cannot infer a type for
/// a null, and SQLite must get GUIDs as EF stores them there: upper-case text.
/// </summary>
internal static class AgendaSql
{
    public static DbParameter[] Parameters(ParcoursDbContext db, params object?[] values)
    {
        var sqlite = db.Database.IsSqlite();
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameters = new DbParameter[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"p{i}";
            switch (values[i])
            {
                case null:
                    parameter.DbType = DbType.String;
                    parameter.Value = DBNull.Value;
                    break;
                case Guid id when sqlite:
                    parameter.Value = id.ToString().ToUpperInvariant();
                    break;
                case DateTime instant:
                    parameter.DbType = DbType.DateTime;
                    parameter.Value = DateTime.SpecifyKind(instant, DateTimeKind.Utc);
                    break;
                case { } value:
                    parameter.Value = value;
                    break;
            }

            parameters[i] = parameter;
        }

        return parameters;
    }
}
