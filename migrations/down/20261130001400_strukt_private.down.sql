-- Reverses strukt_private: functions created in strukt are executable by PUBLIC by default again.
-- (Functions keep the privileges they have now; the schema itself still grants PUBLIC nothing.)
alter default privileges in schema strukt grant execute on functions to public;
